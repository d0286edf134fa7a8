package domain

import "time"

// Role is what an account may do; most roles are scoped to a unit subtree.
type Role string

const (
	RoleLeader   Role = "leader"    // 区领导: sees the sectors and fronts they lead
	RoleOffice   Role = "office"    // 督查室/考核办: maintains plans, tasks, org
	RoleUnitHead Role = "unit_head" // 单位主要负责人: approves the unit's reports
	RoleLiaison  Role = "liaison"   // 联络员: fills in the unit's reports
	RoleExaminer Role = "examiner"  // 考核员
	RoleMember   Role = "member"    // 党员
	RoleSysAdmin Role = "sysadmin"  // 系统管理员: accounts and configuration
	RoleSecAdmin Role = "secadmin"  // 安全管理员: roles and security policy
	RoleAuditor  Role = "auditor"   // 安全审计员: reads the audit log
)

// Roles lists every role in display order.
var Roles = []Role{RoleLeader, RoleOffice, RoleUnitHead, RoleLiaison, RoleExaminer, RoleMember, RoleSysAdmin, RoleSecAdmin, RoleAuditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if v == r {
			return true
		}
	}
	return false
}

// IsAdmin reports whether r is one of the three separated admin roles (三员).
func (r Role) IsAdmin() bool {
	return r == RoleSysAdmin || r == RoleSecAdmin || r == RoleAuditor
}

// NeedsUnit reports whether a grant of r must name a unit.
func (r Role) NeedsUnit() bool {
	switch r {
	case RoleUnitHead, RoleLiaison, RoleExaminer, RoleMember:
		return true
	}
	return false
}

// Grant gives an account a role, scoped to a unit and its subtree. UnitID 0
// means the whole tree (an office at district level; the admin roles).
type Grant struct {
	Role   Role `json:"role"`
	UnitID ID   `json:"unit_id,omitempty"`
}

// AccountStatus is whether an account can log in.
type AccountStatus string

const (
	AccountActive   AccountStatus = "active"
	AccountDisabled AccountStatus = "disabled"
)

// Account is a login, separate from the person it belongs to.
type Account struct {
	ID          ID            `json:"id"`
	Login       string        `json:"login"`
	PersonID    ID            `json:"person_id,omitempty"`
	DisplayName string        `json:"display_name"`
	Status      AccountStatus `json:"status"`
	Grants      []Grant       `json:"grants"`
	Lang        string        `json:"lang,omitempty"`
	// MustChangePassword is set for bootstrap and reset passwords.
	MustChangePassword bool      `json:"must_change_password"`
	FailedLogins       int       `json:"-"`
	LockedUntil        time.Time `json:"locked_until,omitzero"`
	LastLoginAt        time.Time `json:"last_login_at,omitzero"`
	CreatedAt          time.Time `json:"created_at"`
	PasswordHash       string    `json:"-"`
}

// Has reports whether the account holds role r anywhere.
func (a *Account) Has(r Role) bool {
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// Admin bootstrap logins: created on first start, one per separated duty.
const (
	LoginSysAdmin = "sysadmin"
	LoginSecAdmin = "secadmin"
	LoginAuditor  = "auditor"
)
