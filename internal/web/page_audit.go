package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

type auditData struct {
	Rows     []auditRow
	F        store.AuditFilter
	Verify   *service.VerifyResult
	NextSeq  int64
	Backfill int
}

type auditRow struct {
	E        domain.AuditEntry
	At       string
	Backfill bool
}

const auditPerPage = 100

func (h *handler) auditPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showAudit(w, r, p, nil)
}

func (h *handler) showAudit(w http.ResponseWriter, r *http.Request, p *service.Principal, v *service.VerifyResult) {
	q := r.URL.Query()
	f := store.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Action: q.Get("action"), Limit: auditPerPage}
	f.BeforeSeq, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.ActorID, _ = strconv.ParseInt(q.Get("actor_id"), 10, 64)
	es, err := h.svc.AuditLog(r.Context(), p, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	loc := h.svc.Location()
	d := &auditData{F: f, Verify: v}
	for _, e := range es {
		at := e.At.In(loc)
		// A claim dated more than a week before it was entered is back-filled.
		back := !e.ClaimedDate.IsZero() && domain.DateOf(at)-e.ClaimedDate > 7
		if back {
			d.Backfill++
		}
		d.Rows = append(d.Rows, auditRow{E: e, At: at.Format("2006-01-02 15:04:05"), Backfill: back})
	}
	if len(es) == auditPerPage {
		d.NextSeq = es[len(es)-1].Seq
	}
	h.render(w, r, http.StatusOK, "audit", &Page{Title: reqCtx(r).p.T("web.audit.title"), Nav: "audit", Data: d})
}

func (h *handler) auditVerify(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	v, err := h.svc.VerifyAudit(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showAudit(w, r, p, v)
}
