package service_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// newEval sets up and opens an evaluation of three units with leaders
// (quorum 2), peers (codes per unit, quorum 1) and the public (quorum 3).
func newEval(t *testing.T, env *apptest.Env, numeric bool) *service.EvaluationItem {
	t.Helper()
	ctx := context.Background()
	f := env.Fix
	in := service.EvaluationInput{Year: 2023, Code: "PY1", Name: "2023年度部门民主测评", Kind: domain.EvalSurvey,
		UnitIDs: []domain.ID{f.Units["区住建局"], f.Units["区财政局"], f.Units["区城管局"]}, Options: domain.DefaultEvalOptions(),
		Groups: []domain.RaterGroup{{Key: "leaders", Name: "上级领导", Weight: 50, Quorum: 2}, {Key: "peers", Name: "同级单位", Weight: 30, Quorum: 1, PerUnit: true},
			{Key: "public", Name: "群众", Weight: 20, Quorum: 3}}}
	if numeric {
		in.Options, in.Min, in.Max = nil, 0, 100
	}
	e, err := env.App.Service.CreateEvaluation(ctx, as(t, env, "office"), in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func issue(t *testing.T, env *apptest.Env, id domain.ID, req service.CodeRequest) []string {
	t.Helper()
	b, err := env.App.Service.IssueCodes(context.Background(), as(t, env, "office"), id, req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range b.Codes {
		out = append(out, c.Code)
	}
	return out
}

func answers(units []domain.ID, opts ...int) map[domain.ID]domain.BallotAnswer {
	m := map[domain.ID]domain.BallotAnswer{}
	for i, u := range units {
		if opts[i] == 0 {
			m[u] = domain.BallotAnswer{Abstain: true}
		} else if opts[i] > 0 {
			m[u] = domain.BallotAnswer{Option: opts[i]}
		}
	}
	return m
}

func TestEvaluationCampaign(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		office, lly := as(t, env, "office"), as(t, env, "zjj_lly")
		zjj, czj, cgj := f.Units["区住建局"], f.Units["区财政局"], f.Units["区城管局"]
		units := []domain.ID{zjj, czj, cgj}
		e := newEval(t, env, false)
		// Bad setup is refused precisely.
		_, err := svc.CreateEvaluation(ctx, office, service.EvaluationInput{Year: 2023, Code: "PY1", Name: "重复", UnitIDs: units,
			Options: domain.DefaultEvalOptions(), Groups: e.Groups})
		refused(t, "code taken", err, domain.KindInvalid, "测评代码“PY1”在 2023 年已被使用。")
		_, err = svc.CreateEvaluation(ctx, lly, service.EvaluationInput{})
		refused(t, "a liaison sets up", err, domain.KindForbidden, "您没有权限进行此操作。")
		leaders := issue(t, env, e.ID, service.CodeRequest{Group: "leaders", Count: 3})
		_, err = svc.IssueCodes(ctx, office, e.ID, service.CodeRequest{Group: "peers", Count: 1})
		refused(t, "peer codes without a unit", err, domain.KindInvalid, "评议群体“同级单位”的票码须注明投票人所在单位（本单位不能给自己投票）。")
		peers := issue(t, env, e.ID, service.CodeRequest{Group: "peers", Count: 1, EachUnit: true})
		public := issue(t, env, e.ID, service.CodeRequest{Group: "public", Count: 3})
		if len(leaders) != 3 || len(peers) != 3 || len(public) != 3 {
			t.Fatalf("codes %v %v %v", leaders, peers, public)
		}
		// Before opening.
		refused(t, "vote before opening", svc.Vote(ctx, leaders[0], answers(units, 1, 1, 1)), domain.KindConflict, "测评尚未开始，请在开始后投票。")
		if _, err := svc.OpenEvaluation(ctx, office, e.ID); err != nil {
			t.Fatal(err)
		}
		// The peer code of 区住建局 (the first unit) sees its unit marked.
		b, err := svc.Ballot(ctx, strings.ToLower(peers[0]))
		if err != nil || b.Group != "同级单位" || len(b.Units) != 3 || !b.Units[0].Own || b.Units[1].Own {
			t.Fatalf("ballot %+v %v", b, err)
		}
		refused(t, "self vote", svc.Vote(ctx, peers[0], answers(units, 1, 1, 1)), domain.KindInvalid, "不能对本单位（区住建局）投票。")
		refused(t, "missing answer", svc.Vote(ctx, leaders[0], answers(units, 1, -1, 1)), domain.KindInvalid, "请对“区财政局”作出评价或选择弃权。")
		refused(t, "bad option", svc.Vote(ctx, leaders[0], answers(units, 1, 7, 1)), domain.KindInvalid, "对“区财政局”的评价不是有效选项。")
		refused(t, "unknown code", svc.Vote(ctx, "ZZZ-ZZZZZ-ZZZZZ", answers(units, 1, 1, 1)), domain.KindNotFound, "票码不存在，请核对后重新输入。")
		refused(t, "malformed code", svc.Vote(ctx, "abc", answers(units, 1, 1, 1)), domain.KindInvalid, "票码不存在，请核对后重新输入。")
		votes := []struct {
			code string
			a    map[domain.ID]domain.BallotAnswer
		}{
			{leaders[0], answers(units, 1, 2, 3)}, {leaders[1], answers(units, 1, 1, 4)},
			{peers[0], answers(units, -1, 2, 2)}, {peers[1], answers(units, 2, -1, 2)}, {peers[2], answers(units, 2, 0, -1)},
			{public[0], answers(units, 4, 4, 4)},
		}
		for _, v := range votes {
			if err := svc.Vote(ctx, v.code, v.a); err != nil {
				t.Fatal(err)
			}
		}
		refused(t, "second vote", svc.Vote(ctx, leaders[0], answers(units, 4, 4, 4)), domain.KindConflict, "该票码已使用。")
		_, err = svc.Ballot(ctx, leaders[0])
		refused(t, "used code's ballot", err, domain.KindConflict, "该票码已使用。")
		// Live turnout for the office; nothing for the liaison; no results yet.
		d, err := svc.Evaluation(ctx, office, e.ID)
		if err != nil || len(d.Turnout) != 3 || d.Turnout[0].Used != 2 || d.Turnout[0].Issued != 3 || !d.Turnout[0].Reached ||
			d.Turnout[2].Used != 1 || d.Turnout[2].Reached {
			t.Fatalf("turnout %+v %v", d.Turnout, err)
		}
		_, err = svc.Evaluation(ctx, lly, e.ID)
		refused(t, "liaison reads an open evaluation", err, domain.KindNotFound, "未找到该测评，或您无权查看。")
		_, err = svc.EvaluationScores(ctx, office, e.ID)
		refused(t, "results before closing", err, domain.KindConflict, "测评尚未结束，结果在结束后公布。")
		if _, err := svc.CloseEvaluation(ctx, office, e.ID); err != nil {
			t.Fatal(err)
		}
		refused(t, "vote after closing", svc.Vote(ctx, leaders[2], answers(units, 1, 1, 1)), domain.KindConflict, "测评已结束。")
		res, err := svc.EvaluationScores(ctx, office, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 区住建局: leaders 100, peers 80 (one peer, its own unit's left out), public misses quorum:
		// (50×100 + 30×80) / 80 = 92.5. 区财政局: leaders 90, peers 80 → 86.25. 区城管局: leaders 30, peers 80 → 48.75.
		want := map[domain.ID]float64{zjj: 92.5, czj: 86.25, cgj: 48.75}
		for _, u := range res.Units {
			if u.Score != want[u.UnitID] || !u.Redistributed || u.Formula.Key != "evaluation_redistributed" {
				t.Errorf("%s: %v %s", u.Unit, u.Score, u.Formula.Expr)
			}
		}
		if res.Units[0].Formula.Expr != "(50 × 100.00 + 30 × 80.00) ÷ (50 + 30) = 92.50" {
			t.Errorf("formula %q", res.Units[0].Formula.Expr)
		}
		// The liaison now sees its own unit's result only.
		mine, err := svc.EvaluationScores(ctx, lly, e.ID)
		if err != nil || len(mine.Units) != 1 || mine.Units[0].UnitID != zjj {
			t.Fatalf("liaison's results %+v %v", mine, err)
		}
		if d, err := svc.Evaluation(ctx, lly, e.ID); err != nil || d.Turnout != nil {
			t.Errorf("liaison sees turnout: %+v %v", d, err)
		}
		// Six ballots were stored, nothing of the refused ones.
		var n int
		if err := env.App.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM eval_ballots").Scan(&n); err != nil || n != len(votes) {
			t.Errorf("ballots stored %d %v", n, err)
		}
	})
}

// Many votes with one code at once: exactly one is stored.
func TestVoteConcurrentlyOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		units := []domain.ID{f.Units["区住建局"], f.Units["区财政局"], f.Units["区城管局"]}
		e := newEval(t, env, false)
		code := issue(t, env, e.ID, service.CodeRequest{Group: "public", Count: 1})[0]
		if _, err := svc.OpenEvaluation(ctx, as(t, env, "office"), e.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, used := 0, 0
		for range 24 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := svc.Vote(ctx, code, answers(units, 1, 2, 3))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case domain.ErrorMessage(err) == "该票码已使用。":
					used++
				default:
					t.Errorf("vote: %v", err)
				}
			}()
		}
		wg.Wait()
		var n int
		if err := env.App.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM eval_ballots").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if ok != 1 || used != 23 || n != 1 {
			t.Errorf("ok %d used %d stored %d", ok, used, n)
		}
	})
}
