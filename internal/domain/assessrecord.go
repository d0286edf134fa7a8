package domain

import "time"

// The records kept around a scheme: who examines it and what they entered.

// SchemeExaminer is an examiner assigned to a scheme, on some criteria or
// (Criteria empty) on all of them.
type SchemeExaminer struct {
	SchemeID  ID       `json:"scheme_id"`
	AccountID ID       `json:"account_id"`
	Login     string   `json:"login"`
	Name      string   `json:"name"`
	Criteria  []string `json:"criteria"`
}

// Covers reports whether the examiner may score the criterion code.
func (e SchemeExaminer) Covers(code string) bool {
	if len(e.Criteria) == 0 {
		return true
	}
	for _, c := range e.Criteria {
		if c == code {
			return true
		}
	}
	return false
}

// AssessEntry is one examiner's score of one criterion for one unit. For a
// veto criterion a score above zero means triggered.
type AssessEntry struct {
	ID         ID      `json:"id"`
	SchemeID   ID      `json:"scheme_id"`
	Code       string  `json:"code"`
	UnitID     ID      `json:"unit_id"`
	ExaminerID ID      `json:"examiner_id"`
	Examiner   string  `json:"examiner"`
	Score      float64 `json:"score"`
	Reason     string  `json:"reason"`
	// EvidenceID is the optional evidence file, EvidenceName its name.
	EvidenceID   ID        `json:"evidence_id,omitempty"`
	EvidenceName string    `json:"evidence_name,omitempty"`
	At           time.Time `json:"at"`
}

// FileRef is a stored evidence file (of an entry, an appeal, a highlight)
// without its bytes, which are fetched apart.
type FileRef struct {
	ID          ID        `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
}
