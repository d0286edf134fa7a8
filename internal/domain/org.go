package domain

// ID identifies a stored row.
type ID = int64

// UnitKind says what kind of body a unit is.
type UnitKind string

const (
	UnitDistrict   UnitKind = "district"   // 区
	UnitDepartment UnitKind = "department" // 区直部门
	UnitStreet     UnitKind = "street"     // 街道
	UnitTown       UnitKind = "town"       // 乡镇
	UnitCommunity  UnitKind = "community"  // 社区
	UnitVillage    UnitKind = "village"    // 村
	UnitBranch     UnitKind = "branch"     // 党支部
	UnitOther      UnitKind = "other"
)

// UnitKinds lists every kind in display order.
var UnitKinds = []UnitKind{UnitDistrict, UnitDepartment, UnitStreet, UnitTown, UnitCommunity, UnitVillage, UnitBranch, UnitOther}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	for _, v := range UnitKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Unit is a body in the org tree (区 → 部门/乡镇街道 → 社区/村/支部).
type Unit struct {
	ID       ID       `json:"id"`
	ParentID ID       `json:"parent_id,omitempty"`
	Name     string   `json:"name"`
	Short    string   `json:"short_name,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	Kind     UnitKind `json:"kind"`
	// Category is the assessment category (考核类别), e.g. 乡镇街道 / 区直部门.
	Category string `json:"category,omitempty"`
	SectorID ID     `json:"sector_id,omitempty"`
	Sort     int    `json:"sort"`
	Active   bool   `json:"active"`
}

// Sector is a 口: a grouping of units and tasks with a leader in charge.
type Sector struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
	Sort int    `json:"sort"`
}

// Front is a 线 (战线): a cross-cutting campaign grouping of tasks.
type Front struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
	Sort int    `json:"sort"`
}

// Person is a human being, whether or not they have an account.
type Person struct {
	ID     ID     `json:"id"`
	Name   string `json:"name"`
	UnitID ID     `json:"unit_id,omitempty"`
	Title  string `json:"title,omitempty"`
	Phone  string `json:"phone,omitempty"`
	Email  string `json:"email,omitempty"`
	Active bool   `json:"active"`
}

// Post is a person holding a title in a unit for a span of dates (任职).
// End is zero while the post is held; history survives a change of leaders.
type Post struct {
	ID       ID     `json:"id"`
	PersonID ID     `json:"person_id"`
	UnitID   ID     `json:"unit_id"`
	Title    string `json:"title"`
	Start    Date   `json:"start"`
	End      Date   `json:"end"`
}

// Current reports whether the post is held on d.
func (p Post) Current(d Date) bool {
	return (p.Start.IsZero() || p.Start <= d) && (p.End.IsZero() || d <= p.End)
}

// GroupKind says whether a leadership is over a sector or a front.
type GroupKind string

const (
	GroupSector GroupKind = "sector"
	GroupFront  GroupKind = "front"
)

// LeaderRole distinguishes the leader who heads (牵头) from one in charge (分管).
type LeaderRole string

const (
	LeaderLead   LeaderRole = "lead"   // 牵头领导
	LeaderDeputy LeaderRole = "deputy" // 分管领导
)

// Leadership is a person leading a sector or a front for a span of dates.
type Leadership struct {
	ID       ID         `json:"id"`
	PersonID ID         `json:"person_id"`
	Group    GroupKind  `json:"group"`
	GroupID  ID         `json:"group_id"`
	Role     LeaderRole `json:"role"`
	Start    Date       `json:"start"`
	End      Date       `json:"end"`
}

// Current reports whether the leadership holds on d.
func (l Leadership) Current(d Date) bool {
	return (l.Start.IsZero() || l.Start <= d) && (l.End.IsZero() || d <= l.End)
}
