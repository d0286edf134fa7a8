package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

func rectURL(id domain.ID) string { return fmt.Sprintf("%s/rectifications/%d", prefix, id) }

// rectMeasuresInput is the unit's 整改措施.
type rectMeasuresInput struct {
	Measures string `json:"measures"`
}

// rectNoteInput is a progress note or an application for closing.
type rectNoteInput struct {
	Note string `json:"note"`
}

// rectQuery reads the filters of the rectification list, board and ledger.
func rectQuery(r *http.Request) (service.RectQuery, error) {
	q := query(r)
	rq := service.RectQuery{UnitID: q.id("unit"), InspectionID: q.id("inspection"), Overdue: q.flag("overdue"), Open: q.flag("open"), Mine: q.flag("mine")}
	if st := q.str("state"); st != "" {
		if !domain.RectState(st).Valid() {
			q.bad("state", st)
		}
		rq.State = domain.RectState(st)
	}
	return rq, q.err
}

func (s *server) listRectifications(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q, err := rectQuery(r)
	if err != nil {
		return err
	}
	rows, err := s.svc.Rectifications(r.Context(), p, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(rows))
}

func (s *server) rectificationBoard(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q, err := rectQuery(r)
	if err != nil {
		return err
	}
	rows, err := s.svc.Rectifications(r.Context(), p, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.svc.Board(rows))
}

// rectificationLedger downloads the 整改台账 with the list's filters.
func (s *server) rectificationLedger(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q, err := rectQuery(r)
	if err != nil {
		return err
	}
	rows, err := s.svc.Rectifications(r.Context(), p, q)
	if err != nil {
		return err
	}
	pr, today := i18n.From(r.Context()), s.svc.Today()
	data, err := xlsexport.RectLedger(rows, pr, today)
	if err != nil {
		return err
	}
	sendFile(w, pr.T("ledger.file", today.String()), xlsxType, data)
	return nil
}

func (s *server) getRectification(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Rectification(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// rectStep decodes a body of type T and runs a workflow step with it.
func rectStep[T any](s *server, w http.ResponseWriter, r *http.Request, p *service.Principal, optional bool,
	step func(ctx context.Context, p *service.Principal, id domain.ID, in T) (*service.RectDetail, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if !optional || r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	d, err := step(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *server) rectMeasures(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, false, func(ctx context.Context, p *service.Principal, id domain.ID, in rectMeasuresInput) (*service.RectDetail, error) {
		return s.svc.SetRectMeasures(ctx, p, id, in.Measures)
	})
}

func (s *server) rectProgress(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, false, func(ctx context.Context, p *service.Principal, id domain.ID, in rectNoteInput) (*service.RectDetail, error) {
		return s.svc.AddRectProgress(ctx, p, id, in.Note, nil)
	})
}

func (s *server) rectApply(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, false, func(ctx context.Context, p *service.Principal, id domain.ID, in rectNoteInput) (*service.RectDetail, error) {
		return s.svc.ApplyRectClosing(ctx, p, id, in.Note, nil)
	})
}

func (s *server) rectVerify(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, false, s.svc.VerifyRect)
}

func (s *server) rectClose(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, true, s.svc.CloseRect)
}

func (s *server) rectScheduleRecheck(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, false, s.svc.ScheduleRecheck)
}

func (s *server) rectRecheck(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return rectStep(s, w, r, p, false, s.svc.RecordRecheck)
}

// rectUpload adds one evidence file, sent as the raw body and named by
// the name parameter, with an optional note.
func (s *server) rectUpload(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	ctx := r.Context()
	pr := i18n.From(ctx)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	name := q.Get("name")
	if name == "" {
		return &domain.Error{Kind: domain.KindInvalid, Field: "name", Message: pr.T("api.err.insp_file_name")}
	}
	limit := s.svc.Config().MaxFileBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	data, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("err.files.size", name, limit>>20)}
	}
	if err != nil {
		return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.multipart"), Err: err}
	}
	d, err := s.svc.AddRectProgress(ctx, p, id, q.Get("note"), []service.Upload{{Name: name, Data: data}})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// downloadRectFile sends an evidence file of a rectification item, as an
// attachment that is never sniffed or run.
func (s *server) downloadRectFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := s.svc.RectFile(r.Context(), p, id)
	if err != nil {
		return err
	}
	sendFile(w, f.Name, f.ContentType, data)
	return nil
}

func (s *server) listSelfChecks(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	insp := q.id("inspection")
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.SelfChecks(r.Context(), p, insp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) getSelfCheck(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.svc.SelfCheck(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *server) answerSelfCheck(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.SelfCheckAnswerInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.AnswerSelfCheck(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
