package service_test

import (
	"context"
	"encoding/json"
	"strconv"
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
		if in, err := svc.AssessEvaluations(ctx, 2023, []string{"PY1"}); err != nil || len(in) != 0 {
			t.Errorf("an unclosed evaluation is an input: %v %v", in, err)
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
		// The scoring engine's input: closed evaluations by code; unknown codes left out.
		in, err := svc.AssessEvaluations(ctx, 2023, []string{"PY1", "NOPE"})
		if err != nil || len(in) != 1 || in["PY1"][zjj] != 92.5 || in["PY1"][cgj] != 48.75 {
			t.Errorf("assessment inputs %v %v", in, err)
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

// rankCorrelation is Spearman's rho between positions 0…n-1 and order.
func rankCorrelation(order []int) float64 {
	n := float64(len(order))
	var d2 float64
	for pos, v := range order {
		d := float64(pos - v)
		d2 += d * d
	}
	return 1 - 6*d2/(n*(n*n-1))
}

// Forty voters vote in a known order, each recognisable by their answer.
// After closing, nothing stored orders the ballots like the voting or ties
// one to a code: the tables have no such column, ids are random (and are
// the rowid on SQLite), and on PostgreSQL every ballot carries the closing
// transaction's xmin and heap places in a random order.
func TestBallotsUnlinkable(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f, db := env.App.Service, env.Fix, env.App.DB.ReadPool()
		zjj, czj, cgj := f.Units["区住建局"], f.Units["区财政局"], f.Units["区城管局"]
		e := newEval(t, env, true)
		const n = 40
		codes := issue(t, env, e.ID, service.CodeRequest{Group: "public", Count: n})
		if _, err := svc.OpenEvaluation(ctx, as(t, env, "office"), e.ID); err != nil {
			t.Fatal(err)
		}
		for i, c := range codes {
			v, mid := float64(i), 50.0
			if err := svc.Vote(ctx, c, map[domain.ID]domain.BallotAnswer{zjj: {Value: &v}, czj: {Value: &mid}, cgj: {Abstain: true}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.CloseEvaluation(ctx, as(t, env, "office"), e.ID); err != nil {
			t.Fatal(err)
		}
		columns := func(table string) string {
			q := "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
			if env.App.DB.Dialect() == "sqlite" {
				q = "SELECT name FROM pragma_table_info($1) ORDER BY cid"
			}
			rows, err := db.Query(q, table)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var c string
				rows.Scan(&c)
				out = append(out, c)
			}
			return strings.Join(out, ",")
		}
		if got := columns("eval_ballots"); got != "id,evaluation_id,group_key,answers" {
			t.Errorf("ballot columns %s", got)
		}
		if got := columns("eval_codes"); got != "evaluation_id,hash,group_key,rater_unit_id,used" {
			t.Errorf("code columns %s", got)
		}
		voter := func(answers string) int {
			var m map[string]struct {
				V *float64 `json:"v"`
			}
			if err := json.Unmarshal([]byte(answers), &m); err != nil || m[strconv.FormatInt(zjj, 10)].V == nil {
				t.Fatalf("answers %q: %v", answers, err)
			}
			return int(*m[strconv.FormatInt(zjj, 10)].V)
		}
		orders := map[string]string{"id": "SELECT answers, '' FROM eval_ballots ORDER BY id"}
		if env.App.DB.Dialect() == "sqlite" {
			orders["rowid"] = "SELECT answers, CAST(rowid = id AS TEXT) FROM eval_ballots ORDER BY rowid"
		} else {
			orders["ctid"] = "SELECT answers, xmin::text FROM eval_ballots ORDER BY ctid"
		}
		for name, q := range orders {
			rows, err := db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			var order []int
			extra := map[string]bool{}
			for rows.Next() {
				var a, x string
				if err := rows.Scan(&a, &x); err != nil {
					t.Fatal(err)
				}
				order = append(order, voter(a))
				extra[x] = true
			}
			rows.Close()
			if len(order) != n {
				t.Fatalf("%s: %d ballots", name, len(order))
			}
			if rho := rankCorrelation(order); rho > 0.7 || rho < -0.7 {
				t.Errorf("ordered by %s the ballots follow the voting (rho %.2f): %v", name, rho, order)
			}
			if len(extra) != 1 || extra["0"] {
				t.Errorf("%s: rowid is not the random id, or ballots carry different transactions: %v", name, extra)
			}
		}
		if env.App.DB.Dialect() != "sqlite" {
			var xmins int
			if err := db.QueryRow("SELECT COUNT(DISTINCT xmin::text) FROM eval_codes").Scan(&xmins); err != nil || xmins != 1 {
				t.Errorf("codes carry %d transactions: %v", xmins, err)
			}
		}
		// The audit log says a ballot was cast in the group, and nothing else.
		rows, err := db.Query("SELECT actor, ip, COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log WHERE action = 'evaluation.ballot'")
		if err != nil {
			t.Fatal(err)
		}
		cast := 0
		for rows.Next() {
			var actor, ip, before, after string
			rows.Scan(&actor, &ip, &before, &after)
			if actor != "voter" || ip != "" || before != "" || after != `{"group":"public"}` {
				t.Errorf("audit entry %s %s %s %s", actor, ip, before, after)
			}
			cast++
		}
		rows.Close()
		if cast != n {
			t.Errorf("%d ballot entries", cast)
		}
		var leaks int
		for _, c := range codes {
			plain := strings.ReplaceAll(c, "-", "")
			db.QueryRow("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE $1 OR before_json LIKE $1", "%"+plain+"%").Scan(&leaks)
			if leaks > 0 {
				t.Errorf("code %s in the audit log", c)
			}
		}
		res, err := svc.EvaluationScores(ctx, as(t, env, "office"), e.ID)
		if err != nil || res.Units[0].Score != 19.5 || res.Units[1].Score != 50 || res.Units[2].Scored {
			t.Errorf("results %+v %v", res, err)
		}
	})
}

// A 述职评议 carries its session and the speakers' reports to the ballot.
func TestDebriefing(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		office := as(t, env, "office")
		zjj, czj := f.Units["区住建局"], f.Units["区财政局"]
		in := service.EvaluationInput{Year: 2023, Code: "SZ", Name: "2023年度述职评议", Kind: domain.EvalDebriefing, UnitIDs: []domain.ID{zjj, czj},
			Options: domain.DefaultEvalOptions(), Groups: []domain.RaterGroup{{Key: "public", Name: "群众", Weight: 1, Quorum: 1}}}
		_, err := svc.CreateEvaluation(ctx, office, in)
		refused(t, "no session", err, domain.KindInvalid, "述职评议须填写述职会议日期。")
		in.Session = &domain.EvalSession{Date: domain.MustDate("2023-12-20"), Place: "区行政中心三楼会议室",
			Speakers: []domain.EvalSpeaker{{UnitID: f.Units["东湖街道"], Person: "某某"}}}
		_, err = svc.CreateEvaluation(ctx, office, in)
		refused(t, "speaker of another unit", err, domain.KindInvalid, "第 1 位述职人的单位不在被测评单位中。")
		in.Session.Speakers = []domain.EvalSpeaker{{UnitID: zjj, Person: "赵局长", Report: "一年来，我局……"}}
		e, err := svc.CreateEvaluation(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		code := issue(t, env, e.ID, service.CodeRequest{Group: "public", Count: 1})[0]
		if _, err := svc.OpenEvaluation(ctx, office, e.ID); err != nil {
			t.Fatal(err)
		}
		b, err := svc.Ballot(ctx, code)
		if err != nil || b.Session == nil || b.Session.Place != "区行政中心三楼会议室" || len(b.Units[0].Speakers) != 1 ||
			b.Units[0].Speakers[0].Report != "一年来，我局……" || len(b.Units[1].Speakers) != 0 {
			t.Fatalf("ballot %+v %v", b, err)
		}
		_, err = svc.UpdateEvaluation(ctx, office, e.ID, in)
		refused(t, "edit while open", err, domain.KindConflict, "测评已开始，不能再修改或重新开始。")
	})
}
