package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// auditPage is a page of the audit log, newest first. The log is
// append-only and paged by sequence: Total counts the entries on this page,
// and NextBefore, when set, is the before= of the next page.
type auditPage struct {
	Items      []domain.AuditEntry `json:"items"`
	Total      int                 `json:"total"`
	NextBefore int64               `json:"next_before,omitempty"`
}

// auditLog lists entries (auditor only; the service refuses everyone else).
func (s *server) auditLog(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := store.AuditFilter{Entity: q.str("entity"), EntityID: q.str("entity_id"), ActorID: q.id("actor_id"), Action: q.str("action")}
	if before := q.id("before"); before != 0 {
		f.BeforeSeq = before
	}
	pg := q.page()
	if q.err != nil {
		return q.err
	}
	// The store reads at most maxLimit entries at once; offset pages within
	// that window, before= pages beyond it.
	f.Limit = min(pg.Offset+pg.Limit, maxLimit)
	entries, err := s.svc.AuditLog(r.Context(), p, f)
	if err != nil {
		return err
	}
	items := window(entries, pg)
	out := auditPage{Items: append([]domain.AuditEntry{}, items...)}
	out.Total = len(out.Items)
	if len(entries) == f.Limit && len(out.Items) > 0 {
		out.NextBefore = out.Items[len(out.Items)-1].Seq
	}
	return writeJSON(w, http.StatusOK, out)
}

// verifyView is the outcome of checking the SM3 hash chain.
type verifyView struct {
	OK      bool       `json:"ok"`
	Entries int64      `json:"entries"`
	TipSeq  int64      `json:"tip_seq"`
	TipHash string     `json:"tip_hash"`
	Break   *breakView `json:"break"`
}

// breakView is where the chain stops holding.
type breakView struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

func (s *server) verifyAudit(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	res, err := s.svc.VerifyAudit(r.Context(), p)
	if err != nil {
		return err
	}
	out := verifyView{OK: res.OK, Entries: res.Entries, TipSeq: res.TipSeq, TipHash: res.TipHash}
	if res.Break != nil {
		out.Break = &breakView{Seq: res.Break.Seq, Reason: res.Break.Reason}
	}
	return writeJSON(w, http.StatusOK, out)
}
