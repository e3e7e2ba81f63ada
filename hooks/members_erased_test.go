package hooks_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"

	"memberbase/internal/testapp"
)

// TestErasedMemberRefusesEditsOverREST: a tombstone takes no field from a
// staff editor or a superuser (REST and the dashboard alike), while the
// dashboard's resend of the stored values still passes.
func TestErasedMemberRefusesEditsOverREST(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	editor := newStaff(t, app, "editor@staff.example.org", "editor")
	root := newSuperuser(t, app)
	tomb := testapp.SaveMember(t, app, map[string]any{"first_name": "", "last_name": "", "email": "",
		"status": "erased", "joined_at": "2020-02-01 00:00:00.000Z"})
	url := srv.URL + membersURL + "/" + tomb.Id

	for _, who := range []struct{ name, token string }{{"staff editor", editor}, {"superuser", root}} {
		for field, value := range map[string]any{
			"first_name": "Back", "last_name": "Again", "email": "back@example.org", "phone": "+49 30 1",
			"marketing_opt_in": true, "joined_at": "2021-01-01 00:00:00.000Z",
		} {
			res := doJSON(t, srv.Client(), http.MethodPatch, url, who.token, map[string]any{field: value})
			if res.Status != 400 || res.fieldCode(field) != "validation_erased" {
				t.Errorf("%s PATCH %s on an erased member: %d %v, want 400 validation_erased", who.name, field, res.Status, res.Body)
			}
		}
	}
	// notes is hidden: PocketBase drops a staff editor's write to it, and
	// refuses nothing; from a superuser it is an edit like any other.
	if res := doJSON(t, srv.Client(), http.MethodPatch, url, root, map[string]any{"notes": "still around"}); res.Status != 400 || res.fieldCode("notes") != "validation_erased" {
		t.Errorf("superuser PATCH notes: %d %v, want 400 validation_erased", res.Status, res.Body)
	}
	if res := uploadPhoto(t, srv.Client(), url, root); res.Status != 400 || res.fieldCode("photo") != "validation_erased" {
		t.Errorf("superuser photo upload: %d %v, want 400 validation_erased", res.Status, res.Body)
	}
	// The dashboard sends every field back on save: unchanged, it passes.
	resend := map[string]any{"member_id": tomb.GetString("member_id"), "first_name": "", "last_name": "", "email": "",
		"phone": "", "status": "erased", "joined_at": "2020-02-01T00:00:00Z", "marketing_opt_in": false, "notes": ""}
	if res := doJSON(t, srv.Client(), http.MethodPatch, url, root, resend); res.Status != 200 {
		t.Errorf("unchanged resend: %d %v", res.Status, res.Body)
	}
	stored, err := app.FindRecordById("members", tomb.Id)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"first_name", "last_name", "email", "phone", "notes", "photo"} {
		if v := stored.GetString(f); v != "" {
			t.Errorf("erased member's %s = %q after the refused edits", f, v)
		}
	}
	if stored.GetBool("marketing_opt_in") {
		t.Error("erased member opted in to marketing")
	}
}

// uploadPhoto PATCHes a PNG into the photo field as the dashboard does.
func uploadPhoto(t *testing.T, client *http.Client, url, token string) apiResult {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("photo", "me.png")
	if err != nil {
		t.Fatal(err)
	}
	// A 1x1 PNG: the field accepts image/png only.
	_, _ = fw.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
		"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"))
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPatch, url, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := apiResult{Status: resp.StatusCode, Body: map[string]any{}}
	_ = json.NewDecoder(resp.Body).Decode(&out.Body)
	return out
}
