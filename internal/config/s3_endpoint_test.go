package config

import "testing"

// An S3 endpoint must be an http or https URL with a host: a local MinIO
// over plain http is fine, anything else is a finding on the endpoint.
func TestS3EndpointForms(t *testing.T) {
	for endpoint, finding := range map[string]bool{
		"https://s3.example.org":  false,
		"http://minio.local:9000": false,
		"ftp://s3.example.org":    true,
		"https://":                true,
		"https:///bucket":         true,
		"http://[::1":             true,
	} {
		m := fullS3("BACKUP_S3_")
		m["BACKUP_S3_ENDPOINT"] = endpoint
		fs := s3Findings(t, m)
		if got := len(fs) == 1 && fs[0].ID == "MB.E031"; got != finding || len(fs) > 1 {
			t.Errorf("%q: findings %v", endpoint, fs)
		}
	}
}
