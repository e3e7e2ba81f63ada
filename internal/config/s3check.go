package config

import (
	"fmt"
	"net/url"
	"strings"
)

// validateS3 reports a half-configured S3 block. PocketBase refuses to save
// settings whose S3 block is enabled with a field missing, and a block with
// no bucket is silently off (files would stay on the local disk); both are
// operator mistakes that deserve a finding naming the variables.
func (c *Config) validateS3(add func(id, level, v, msg, fix string)) {
	c.S3.check("MB.E030", "S3_", "S3 file storage", add)
	c.BackupS3.check("MB.E031", "BACKUP_S3_", "S3 backup storage", add)
}

func (s S3) check(id, prefix, what string, add func(id, level, v, msg, fix string)) {
	fields := []struct {
		name string
		set  bool
	}{
		{"ENDPOINT", s.Endpoint != ""},
		{"BUCKET", s.Bucket != ""},
		{"REGION", s.Region != ""},
		{"ACCESS_KEY", s.AccessKey != ""},
		{"SECRET", s.Secret != ""},
	}
	var set, missing []string
	for _, f := range fields {
		if f.set {
			set = append(set, f.name)
		} else {
			missing = append(missing, Prefix+prefix+f.name)
		}
	}
	if len(set) == 0 {
		return
	}
	fix := fmt.Sprintf("set all of %sENDPOINT, BUCKET, REGION, ACCESS_KEY and SECRET, or none", Prefix+prefix)
	if len(missing) > 0 {
		add(id, LevelError, strings.TrimPrefix(missing[0], Prefix),
			fmt.Sprintf("%s is half-configured: %s not set", what, strings.Join(missing, ", ")), fix)
		return
	}
	if u, err := url.Parse(s.Endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add(id, LevelError, prefix+"ENDPOINT", fmt.Sprintf("%sENDPOINT is not an http(s) URL", Prefix+prefix),
			"use the provider's endpoint URL, e.g. https://s3.eu-central-1.amazonaws.com")
	}
}
