package testapp

import "testing"

func TestSavePlan(t *testing.T) {
	app, _ := New(t, nil)
	p := SavePlan(t, app, map[string]any{"code": "student", "fee": 1500})
	if p.GetString("code") != "student" || p.GetInt("fee") != 1500 || p.GetInt("months") != 12 || !p.GetBool("public") {
		t.Errorf("plan: %v", p.FieldsData())
	}
}
