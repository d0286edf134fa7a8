package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// A unit adds supporting files to its highlight until the office evaluates
// it; those who read the highlight read the files; a refused upload stores
// nothing; withdrawing a draft takes its files with it.
func TestHighlightFiles(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		zjj, office, czj := as(t, env, "zjj_lly"), as(t, env, "office"), as(t, env, "czj_lly")
		pdf := service.Upload{Name: "验收报告.pdf", Data: []byte("%PDF-1.4 验收")}
		h, err := svc.CreateHighlight(ctx, zjj, service.HighlightInput{Title: "老旧小区改造", Content: "32个小区", Ambition: "全市第一", Declare: true})
		if err != nil || !h.Can.Attach {
			t.Fatalf("create: %+v %v", h, err)
		}
		head := func() int64 { seq, _, _ := env.App.DB.Read().Head(ctx); return seq }
		before := head()
		refused := func(what string, err error, kind domain.Kind, text string) {
			t.Helper()
			if domain.ErrorKind(err) != kind || !strings.Contains(domain.ErrorMessage(err), text) {
				t.Errorf("%s: %v (%s), want %s %q", what, err, domain.ErrorKind(err), kind, text)
			}
		}
		_, err = svc.AddHighlightFiles(ctx, czj, h.ID, []service.Upload{pdf})
		refused("another unit", err, domain.KindNotFound, "")
		_, err = svc.AddHighlightFiles(ctx, zjj, h.ID, []service.Upload{pdf, {Name: "a.exe", Data: []byte("MZ\x90\x00")}})
		refused("a program among the files", err, domain.KindInvalid, "a.exe")
		_, err = svc.AddHighlightFiles(ctx, zjj, h.ID, nil)
		refused("no file", err, domain.KindInvalid, "请选择")
		if head() != before {
			t.Error("a refused upload changed the database")
		}
		if h, err = svc.AddHighlightFiles(ctx, zjj, h.ID, []service.Upload{pdf}); err != nil || len(h.Files) != 1 || h.Files[0].Name != "验收报告.pdf" ||
			h.Files[0].ContentType != "application/pdf" {
			t.Fatalf("upload: %+v %v", h, err)
		}
		for _, p := range []*service.Principal{zjj, office} {
			if f, data, err := svc.HighlightFile(ctx, p, h.Files[0].ID); err != nil || string(data) != string(pdf.Data) || f.Name != "验收报告.pdf" {
				t.Errorf("%s reads the file: %v", p.Account.Login, err)
			}
		}
		if _, _, err := svc.HighlightFile(ctx, czj, h.Files[0].ID); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("another unit reads the file: %v", err)
		}
		many := make([]service.Upload, 10)
		for i := range many {
			many[i] = pdf
		}
		_, err = svc.AddHighlightFiles(ctx, zjj, h.ID, many)
		refused("an eleventh file", err, domain.KindTooLarge, "")
		if _, err := svc.DecideHighlight(ctx, office, h.ID, service.HighlightDecision{Accept: true}); err != nil {
			t.Fatal(err)
		}
		if h, err = svc.AddHighlightFiles(ctx, zjj, h.ID, []service.Upload{pdf}); err != nil || len(h.Files) != 2 {
			t.Fatalf("upload once accepted: %+v %v", h, err)
		}
		if h, err = svc.EvaluateHighlight(ctx, office, h.ID, domain.HighlightEvaluation{Achieved: domain.AchievedMet, Grade: "优秀", Comment: "好"}); err != nil || h.Can.Attach {
			t.Fatalf("evaluate: %+v %v", h, err)
		}
		_, err = svc.AddHighlightFiles(ctx, zjj, h.ID, []service.Upload{pdf})
		refused("after the evaluation", err, domain.KindConflict, "已完成年终评价")
		es, _ := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Entity: "highlight", Action: "highlight.files"})
		if len(es) != 2 {
			t.Errorf("%d audit entries of files, want 2", len(es))
		}
		// A withdrawn draft's files go with it.
		d, err := svc.CreateHighlight(ctx, zjj, service.HighlightInput{Title: "智慧停车", Content: "c", Ambition: "全省前列"})
		if err != nil {
			t.Fatal(err)
		}
		if d, err = svc.AddHighlightFiles(ctx, zjj, d.ID, []service.Upload{pdf}); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteHighlight(ctx, zjj, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.HighlightFile(ctx, zjj, d.Files[0].ID); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("a withdrawn draft's file: %v", err)
		}
	})
}
