package config

import (
	"strings"
	"testing"
)

func s3Findings(t *testing.T, env map[string]string) []Finding {
	t.Helper()
	c, err := Load(func(k string) string { return env[strings.TrimPrefix(k, Prefix)] })
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for _, f := range c.Validate() {
		if f.ID == "MB.E030" || f.ID == "MB.E031" {
			out = append(out, f)
		}
	}
	return out
}

func fullS3(prefix string) map[string]string {
	return map[string]string{
		prefix + "ENDPOINT":   "https://s3.example.org",
		prefix + "BUCKET":     "b",
		prefix + "REGION":     "eu-1",
		prefix + "ACCESS_KEY": "ak",
		prefix + "SECRET":     "sk",
	}
}

func TestS3Findings(t *testing.T) {
	without := func(m map[string]string, k string) map[string]string { delete(m, k); return m }
	with := func(m map[string]string, k, v string) map[string]string { m[k] = v; return m }
	cases := []struct {
		name string
		env  map[string]string
		want string // "" for no finding, else "ID VAR"
	}{
		{"unset", map[string]string{}, ""},
		{"complete media", fullS3("S3_"), ""},
		{"complete backups", fullS3("BACKUP_S3_"), ""},
		{"path style alone", map[string]string{"S3_FORCE_PATH_STYLE": "true"}, ""},
		{"media without secret", without(fullS3("S3_"), "S3_SECRET"), "MB.E030 MEMBERBASE_S3_SECRET"},
		{"media without bucket", without(fullS3("S3_"), "S3_BUCKET"), "MB.E030 MEMBERBASE_S3_BUCKET"},
		{"media bucket only", map[string]string{"S3_BUCKET": "b"}, "MB.E030 MEMBERBASE_S3_ENDPOINT"},
		{"media endpoint without scheme", with(fullS3("S3_"), "S3_ENDPOINT", "s3.example.org"), "MB.E030 MEMBERBASE_S3_ENDPOINT"},
		{"backups without region", without(fullS3("BACKUP_S3_"), "BACKUP_S3_REGION"), "MB.E031 MEMBERBASE_BACKUP_S3_REGION"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := s3Findings(t, tc.env)
			switch {
			case tc.want == "" && len(fs) > 0:
				t.Errorf("unexpected finding: %s", fs[0])
			case tc.want != "" && len(fs) != 1:
				t.Errorf("want one %s finding, got %v", tc.want, fs)
			case tc.want != "" && fs[0].ID+" "+fs[0].Var != tc.want:
				t.Errorf("got %s %s, want %s", fs[0].ID, fs[0].Var, tc.want)
			case tc.want != "" && fs[0].Level != LevelError:
				t.Errorf("level %s, want error", fs[0].Level)
			}
		})
	}
}
