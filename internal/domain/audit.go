package domain

import "time"

// AuditEntry is one change of state: who, when, what, before and after.
// Entries form a chain: Hash covers the entry and PrevHash, the hash of the
// entry before it.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	ActorID  ID        `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	IP       string    `json:"ip,omitempty"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id,omitempty"`
	// ClaimedDate is the date the change says it speaks for (a report's
	// 填报日期), so that back-filling shows against At.
	ClaimedDate Date   `json:"claimed_date,omitempty"`
	Before      string `json:"before,omitempty"`
	After       string `json:"after,omitempty"`
	PrevHash    string `json:"prev_hash"`
	Hash        string `json:"hash"`
}
