package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// caseFixture is two units, a leader and a task to hang cases on.
type caseFixture struct {
	lead, co, other domain.ID
	leader          domain.ID
	task            domain.ID
}

func seedCaseFixture(t *testing.T, db *store.DB) caseFixture {
	t.Helper()
	ctx := context.Background()
	var f caseFixture
	err := db.Update(ctx, func(tx *store.Tx) error {
		ids := []*domain.ID{&f.lead, &f.co, &f.other}
		for i, name := range []string{"区住建局", "区财政局", "区城管局"} {
			u := domain.Unit{Name: name, Kind: domain.UnitDepartment, Active: true}
			if err := tx.InsertUnit(ctx, &u, now); err != nil {
				return err
			}
			*ids[i] = u.ID
		}
		p := domain.Person{Name: "王建新", Active: true}
		if err := tx.InsertPerson(ctx, &p, now); err != nil {
			return err
		}
		f.leader = p.ID
		pl := domain.Plan{Name: "2023年重点工作", Year: 2023, Kind: domain.PlanAnnual, Cadence: domain.CadenceMonthly}
		if err := tx.InsertPlan(ctx, &pl, now); err != nil {
			return err
		}
		task := domain.Task{PlanID: pl.ID, Number: "1", Title: "老旧小区改造", Category: domain.CategoryKey, LeadUnitIDs: []domain.ID{f.lead},
			Due: domain.MustDate("2023-12-31"), Weight: 1}
		if err := tx.InsertTask(ctx, &task, "", now); err != nil {
			return err
		}
		f.task = task.ID
		_, err := tx.Audit(ctx, store.Actor{Login: "seed"}, now, store.Change{Action: "seed", Entity: "test"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCaseRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		at := now.Add(time.Hour)
		c := domain.Case{Title: "老旧小区加装电梯", Content: "王区长批示", Source: domain.CaseSourceInstruction, Urgency: domain.UrgencyUrgent,
			LeaderID: f.leader, LeadUnitID: f.lead, CoUnitIDs: []domain.ID{f.co}, TaskIDs: []domain.ID{f.task},
			TimeLimit: domain.TimeLimit{Days: 10}, State: domain.CaseDraft, Round: 1, RaisedByID: 9, RaisedBy: "吴督查"}
		var seqs []int
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, y := range []int{2023, 2023, 2024, 2023} {
				n, err := tx.NextCaseSeq(ctx, y)
				if err != nil {
					return err
				}
				seqs = append(seqs, n)
			}
			c.Year, c.Seq, c.Number = 2023, seqs[0], "督〔2023〕1号"
			return tx.InsertCase(ctx, &c, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if seqs[0] != 1 || seqs[1] != 2 || seqs[2] != 1 || seqs[3] != 3 {
			t.Fatalf("sequences %v, want 1 2 1 3", seqs)
		}
		got, err := db.Read().Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Number != c.Number || got.LeaderID != f.leader || got.State != domain.CaseDraft || got.TimeLimit.Days != 10 ||
			len(got.CoUnitIDs) != 1 || got.CoUnitIDs[0] != f.co || len(got.TaskIDs) != 1 || got.TaskIDs[0] != f.task ||
			!got.CreatedAt.Equal(now) || got.RaisedBy != "吴督查" || got.RaisedByID != 9 || !got.AssignedAt.IsZero() || !got.Deadline.IsZero() {
			t.Fatalf("round trip: %+v", got)
		}

		// Every mutable field survives an update; co-units are replaced.
		got.State, got.Deadline, got.OriginalDeadline, got.WindowStart = domain.CaseWorking, domain.MustDate("2023-07-31"), domain.MustDate("2023-07-28"), domain.MustDate("2023-07-17")
		got.AssignedAt, got.SignDue, got.SignedAt = at, at.Add(8*time.Hour), at.Add(time.Hour)
		got.SignedByID, got.SignedBy, got.Progress, got.Returned, got.ReturnCount = 3, "张联络", 42.5, true, 1
		got.Escalation, got.Rating, got.Round, got.ReopenCount = domain.EscalationUrge, domain.RatingFair, 2, 1
		got.CoUnitIDs, got.TaskIDs = []domain.ID{f.other}, []domain.ID{}
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, got, at) })
		if err != nil {
			t.Fatal(err)
		}
		back, err := db.Read().Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.State != domain.CaseWorking || back.Deadline != got.Deadline || back.OriginalDeadline != got.OriginalDeadline ||
			back.WindowStart != got.WindowStart || !back.SignedAt.Equal(got.SignedAt) || !back.SignDue.Equal(got.SignDue) ||
			back.SignedBy != "张联络" || back.Progress != 42.5 || !back.Returned || back.Escalation != domain.EscalationUrge ||
			back.Rating != domain.RatingFair || back.Round != 2 || len(back.CoUnitIDs) != 1 || back.CoUnitIDs[0] != f.other ||
			len(back.TaskIDs) != 0 || !back.UpdatedAt.Equal(at) {
			t.Fatalf("after update: %+v", back)
		}
		if _, err := db.Read().Case(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing case: %v", err)
		}
		// A number is given once.
		err = db.Update(ctx, func(tx *store.Tx) error {
			dup := domain.Case{Number: c.Number, Year: 2023, Seq: 99, Title: "x", Source: domain.CaseSourcePublic, Urgency: domain.UrgencyNormal,
				LeadUnitID: f.lead, State: domain.CaseDraft, Round: 1}
			return tx.InsertCase(ctx, &dup, now)
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate number: %v", err)
		}
	})
}

func TestCaseFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		mk := func(n int, lead domain.ID, co []domain.ID, src domain.CaseSource, st domain.CaseState, leader, raiser domain.ID, tasks []domain.ID, year int) domain.Case {
			return domain.Case{Number: "督" + string(rune('A'+n)), Year: year, Seq: n, Title: "件", Source: src, Urgency: domain.UrgencyNormal,
				LeadUnitID: lead, CoUnitIDs: co, TaskIDs: tasks, LeaderID: leader, RaisedByID: raiser, State: st, Round: 1}
		}
		all := []domain.Case{
			mk(1, f.lead, []domain.ID{f.co}, domain.CaseSourceInstruction, domain.CaseAssigned, f.leader, 0, []domain.ID{f.task}, 2023),
			mk(2, f.co, nil, domain.CaseSourcePublic, domain.CaseWorking, 0, 7, nil, 2023),
			mk(3, f.other, nil, domain.CaseSourceMeeting, domain.CaseClosed, 0, 0, nil, 2024),
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range all {
				if err := tx.InsertCase(ctx, &all[i], now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		numbers := func(f store.CaseFilter) string {
			t.Helper()
			cs, err := db.Read().Cases(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for _, c := range cs {
				out += c.Number
			}
			return out
		}
		cases := []struct {
			name string
			f    store.CaseFilter
			want string
		}{
			{"all, newest first", store.CaseFilter{}, "督D督C督B"},
			{"a unit as lead or co-unit", store.CaseFilter{UnitIDs: []domain.ID{f.co}}, "督C督B"},
			{"a unit as lead only", store.CaseFilter{UnitIDs: []domain.ID{f.co}, LeadOnly: true}, "督C"},
			{"states", store.CaseFilter{States: []domain.CaseState{domain.CaseAssigned, domain.CaseClosed}}, "督D督B"},
			{"source", store.CaseFilter{Source: domain.CaseSourcePublic}, "督C"},
			{"leader", store.CaseFilter{LeaderID: f.leader}, "督B"},
			{"task", store.CaseFilter{TaskID: f.task}, "督B"},
			{"year", store.CaseFilter{Year: 2024}, "督D"},
			{"visible by unit", store.CaseFilter{Visible: &store.CaseVisibility{UnitIDs: []domain.ID{f.other}}}, "督D"},
			{"visible to whoever raised it", store.CaseFilter{Visible: &store.CaseVisibility{AccountID: 7}}, "督C"},
			{"visible to its leader", store.CaseFilter{Visible: &store.CaseVisibility{PersonID: f.leader}}, "督B"},
			{"visible to nobody", store.CaseFilter{Visible: &store.CaseVisibility{}}, ""},
			{"combined", store.CaseFilter{UnitIDs: []domain.ID{f.co}, Visible: &store.CaseVisibility{AccountID: 7}}, "督C"},
		}
		for _, c := range cases {
			if got := numbers(c.f); got != c.want {
				t.Errorf("%s: %s, want %s", c.name, got, c.want)
			}
		}
		cs, _ := db.Read().Cases(ctx, store.CaseFilter{})
		if len(cs[2].CoUnitIDs) != 1 || cs[2].CoUnitIDs[0] != f.co || len(cs[2].TaskIDs) != 1 || len(cs[1].CoUnitIDs) != 0 || cs[1].TaskIDs == nil {
			t.Errorf("links in a listing: %+v", cs)
		}
	})
}

func TestCaseTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		c := domain.Case{Number: "督〔2023〕1号", Year: 2023, Seq: 1, Title: "件", Source: domain.CaseSourceInstruction, Urgency: domain.UrgencyNormal,
			LeadUnitID: f.lead, CoUnitIDs: []domain.ID{f.co}, State: domain.CaseWorking, Round: 1}
		var ev domain.CaseEvent
		var file domain.CaseFile
		var ext domain.CaseExtension
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.InsertCase(ctx, &c, now); err != nil {
				return err
			}
			attachment := domain.CaseFile{CaseID: c.ID, Name: "批示.pdf", ContentType: "application/pdf", Size: 3, SHA256: "abc"}
			if err := tx.InsertCaseFile(ctx, &attachment, []byte("pdf"), now); err != nil {
				return err
			}
			ev = domain.CaseEvent{CaseID: c.ID, Kind: domain.EventFeedback, At: now, ActorID: 3, Actor: "张联络", UnitID: f.lead,
				FromState: domain.CaseWorking, ToState: domain.CaseReported, Text: "已完成", Progress: 100, Round: 1}
			if err := tx.InsertCaseEvent(ctx, &ev); err != nil {
				return err
			}
			move := domain.CaseEvent{CaseID: c.ID, Kind: domain.EventExtensionApprove, At: now.Add(time.Minute), Actor: "吴督查",
				FromDate: domain.MustDate("2023-07-31"), ToDate: domain.MustDate("2023-08-18"), Round: 1}
			if err := tx.InsertCaseEvent(ctx, &move); err != nil {
				return err
			}
			file = domain.CaseFile{CaseID: c.ID, EventID: ev.ID, Name: "验收.png", ContentType: "image/png", Size: 4, SHA256: "def"}
			if err := tx.InsertCaseFile(ctx, &file, []byte("\x89PNG"), now); err != nil {
				return err
			}
			for _, p := range []domain.CasePart{
				{CaseID: c.ID, UnitID: f.co, Round: 1, Text: "第一稿", By: "钱联络", At: now},
				{CaseID: c.ID, UnitID: f.co, Round: 1, Text: "修改稿", By: "孙局长", At: now.Add(time.Hour)},
				{CaseID: c.ID, UnitID: f.co, Round: 2, Text: "第二轮", By: "钱联络", At: now.Add(2 * time.Hour)},
			} {
				if err := tx.SaveCasePart(ctx, &p); err != nil {
					return err
				}
			}
			ext = domain.CaseExtension{CaseID: c.ID, Reason: "等待审批", FromDate: domain.MustDate("2023-07-31"), ToDate: domain.MustDate("2023-08-18"),
				State: domain.ExtensionPending, RequestedBy: "张联络", RequestedAt: now}
			if err := tx.InsertCaseExtension(ctx, &ext); err != nil {
				return err
			}
			ext.State, ext.DecidedBy, ext.DecidedAt, ext.Note = domain.ExtensionApproved, "吴督查", now.Add(time.Hour), "同意"
			if err := tx.UpdateCaseExtension(ctx, ext); err != nil {
				return err
			}
			return tx.InsertCaseRating(ctx, &domain.CaseRatingEntry{CaseID: c.ID, Round: 1, Rating: domain.RatingDissatisfied, Comment: "不彻底", By: "王建新", At: now})
		})
		if err != nil {
			t.Fatal(err)
		}
		r := db.Read()
		events, err := r.CaseEvents(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 || events[0].Kind != domain.EventFeedback || events[0].Text != "已完成" || events[0].UnitID != f.lead ||
			events[0].ToState != domain.CaseReported || !events[0].At.Equal(now) || len(events[0].Files) != 1 || events[0].Files[0].Name != "验收.png" ||
			events[1].FromDate != domain.MustDate("2023-07-31") || events[1].ToDate != domain.MustDate("2023-08-18") || len(events[1].Files) != 0 {
			t.Fatalf("timeline: %+v", events)
		}
		files, _ := r.CaseFiles(ctx, c.ID)
		if len(files) != 2 || files[0].EventID != 0 || files[1].EventID != ev.ID {
			t.Fatalf("files: %+v", files)
		}
		got, data, err := r.CaseFileData(ctx, file.ID)
		if err != nil || string(data) != "\x89PNG" || got.CaseID != c.ID {
			t.Fatalf("file data: %v %q", err, data)
		}
		if _, _, err := r.CaseFileData(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing file: %v", err)
		}
		parts, _ := r.CaseParts(ctx, c.ID)
		if len(parts) != 2 || parts[0].Text != "修改稿" || parts[0].By != "孙局长" || parts[1].Round != 2 {
			t.Fatalf("parts: %+v", parts)
		}
		exts, _ := r.CaseExtensions(ctx, c.ID)
		if len(exts) != 1 || exts[0].State != domain.ExtensionApproved || exts[0].Note != "同意" || exts[0].DecidedAt.IsZero() || exts[0].ToDate != domain.MustDate("2023-08-18") {
			t.Fatalf("extensions: %+v", exts)
		}
		ratings, _ := r.CaseRatings(ctx, c.ID)
		if len(ratings) != 1 || ratings[0].Rating != domain.RatingDissatisfied || ratings[0].Comment != "不彻底" {
			t.Fatalf("ratings: %+v", ratings)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.InsertCaseRating(ctx, &domain.CaseRatingEntry{CaseID: c.ID, Round: 1, Rating: domain.RatingSatisfied, At: now})
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("a second rating of a round: %v", err)
		}
	})
}

func TestCaseSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, ok, err := db.Read().CaseSettings(ctx); ok || err != nil {
			t.Fatalf("fresh database has settings: %v %v", ok, err)
		}
		st := domain.DefaultCaseSettings()
		st.UpdatedAt, st.UpdatedBy = now, "office"
		for _, edit := range []func(){func() {}, func() { st.BlueDays, st.UrgeAtDeadline, st.NumberPattern = 5, false, "督字{year}-{seq:3}" }} {
			edit()
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveCaseSettings(ctx, st) }); err != nil {
				t.Fatal(err)
			}
			got, ok, err := db.Read().CaseSettings(ctx)
			if err != nil || !ok || got != st {
				t.Fatalf("settings: %+v %v %v, want %+v", got, ok, err, st)
			}
		}
	})
}
