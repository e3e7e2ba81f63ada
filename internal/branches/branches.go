// Package branches holds what SPEC §16b adds around workplace branches: the
// rep guard in front of the REST API, the public branches offered on the
// join form, and branch codes for import and export.
package branches

// Collection names and the rep role.
const (
	Collection     = "branches"
	ViewCollection = "branch_members"
	RoleRep        = "rep"
)

// ViewFields are the fields of [ViewCollection], the only ones a rep sees,
// filters or sorts by.
var ViewFields = []string{"id", "member_id", "first_name", "last_name", "email", "phone", "status", "plan", "paid_through", "branch"}
