package web_test

import "testing"

// HSTS_SECONDS=0 turns Strict-Transport-Security off entirely: an HTTPS
// response carries no header at all (max-age=0 would tell browsers to
// forget an earlier policy, which is not what "off" means). Without the
// subdomain and preload switches the header is max-age alone.
func TestHSTSFollowsItsSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"off", map[string]string{"HSTS_SECONDS": "0", "HSTS_INCLUDE_SUBDOMAINS": "false", "HSTS_PRELOAD": "false"}, ""},
		{"max-age only", map[string]string{"HSTS_SECONDS": "600", "HSTS_INCLUDE_SUBDOMAINS": "false", "HSTS_PRELOAD": "false"}, "max-age=600"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, prodEnv(tc.env), siteOpts{})
			resp, _ := s.req("GET", "/", nil, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got, ok := resp.Header["Strict-Transport-Security"]; tc.want == "" && ok || tc.want != "" && (len(got) != 1 || got[0] != tc.want) {
				t.Errorf("Strict-Transport-Security %q, want %q", got, tc.want)
			}
		})
	}
}
