package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The office's remaining steps of the year from the command line:
//
//	luoshi assess examiners SCHEME --account LOGIN [--codes A1,B2] [--remove]
//	luoshi assess run adjust RUN --unit U --code C --score S --reason R
//	luoshi assess appeals RUN
//	luoshi assess appeal decide APPEAL --upheld|--partial|--rejected --reason R [--score S] [--code C]

// assessExaminers adds, changes or removes one examiner of a scheme and
// prints the examiners; the others are kept as they are.
func assessExaminers(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess examiners")
	db := c.dbFlag(fs)
	login := fs.String("account", "", c.p.T("assessweb.cli.flag.account"))
	codes := fs.String("codes", "", c.p.T("assessweb.cli.flag.codes"))
	remove := fs.Bool("remove", false, c.p.T("assessweb.cli.flag.remove"))
	id, err := c.schemeFlags(fs, args)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*login) == "" {
		return usageError(c.p.T("assessweb.cli.usage"))
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		d, err := svc.Scheme(ctx, op, id)
		if err != nil {
			return err
		}
		var in []service.ExaminerInput
		for _, x := range d.Examiners {
			if x.Login != *login {
				in = append(in, service.ExaminerInput{Login: x.Login, Criteria: x.Criteria})
			}
		}
		if !*remove {
			in = append(in, service.ExaminerInput{Login: *login, Criteria: splitList(*codes)})
		}
		list, err := svc.SetSchemeExaminers(ctx, op, id, in)
		if err != nil {
			return err
		}
		for _, x := range list {
			scope := c.p.T("assessweb.cli.all_criteria")
			if len(x.Criteria) > 0 {
				scope = strings.Join(x.Criteria, ",")
			}
			fmt.Fprintf(c.Out, "%s\t%s\t%s\n", x.Login, x.Name, scope)
		}
		return nil
	})
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// unitArg reads a unit by name or ID.
func (c *cmdContext) unitArg(ctx context.Context, svc *service.Service, s string) (domain.ID, error) {
	m, err := svc.Model(ctx)
	if err != nil {
		return 0, err
	}
	if u := m.UnitByName(strings.TrimSpace(s)); u != nil {
		return u.ID, nil
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil && m.Unit(id) != nil {
		return id, nil
	}
	return 0, &domain.Error{Kind: domain.KindInvalid, Field: "unit", Message: c.p.T("assessweb.cli.unit_unknown", s)}
}

// assessRunAdjust sets a unit's criterion score on a run under 公示, with
// the reason, and prints the before and after.
func assessRunAdjust(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess run adjust")
	db := c.dbFlag(fs)
	unit := fs.String("unit", "", c.p.T("assessweb.cli.flag.unit"))
	code := fs.String("code", "", c.p.T("assessweb.cli.flag.code"))
	score := fs.String("score", "", c.p.T("assessweb.cli.flag.score"))
	reason := fs.String("reason", "", c.p.T("assessweb.cli.flag.reason"))
	id, err := c.runFlags(fs, args)
	if err != nil {
		return err
	}
	if *unit == "" || *code == "" || *score == "" {
		return usageError(c.p.T("assessweb.cli.usage"))
	}
	v, err := strconv.ParseFloat(*score, 64)
	if err != nil {
		return usageError(c.p.T("assessweb.cli.bad_score", *score))
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		uid, err := c.unitArg(ctx, svc, *unit)
		if err != nil {
			return err
		}
		adj, err := svc.AdjustAssessment(ctx, op, id, service.AdjustInput{UnitID: uid, Criterion: *code, Score: v, Reason: *reason})
		if err != nil {
			return err
		}
		c.printAdjustment(*unit, adj)
		return nil
	})
}

func (c *cmdContext) printAdjustment(unit string, x domain.AssessAdjustment) {
	fmt.Fprintln(c.Out, c.p.T("assessweb.cli.adjusted", unit, x.Criterion, num(x.Before), num(x.After),
		domain.PubScore(x.BeforeTotal), domain.PubScore(x.AfterTotal), x.BeforeRank, x.AfterRank, x.BeforeGrade, x.AfterGrade))
}

// assessAppeals lists a run's appeals and adjustments.
func assessAppeals(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess appeals")
	db := c.dbFlag(fs)
	id, err := c.runFlags(fs, args)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		v, err := svc.AssessRun(ctx, op, id)
		if err != nil {
			return err
		}
		for _, ap := range v.Appeals {
			crit := ap.Criterion
			if crit == "" {
				crit = "—"
			}
			fmt.Fprintf(c.Out, "%d\t%s\t%s\t%s\t%s\t%s\n", ap.ID, ap.Unit, crit, c.p.T("assesspub.appeal_state."+string(ap.State)), oneLine(ap.Reasons), oneLine(ap.Decision))
		}
		if len(v.Appeals) == 0 {
			fmt.Fprintln(c.Out, c.p.T("assessweb.cli.no_appeals"))
		}
		m, err := svc.Model(ctx)
		if err != nil {
			return err
		}
		for _, x := range v.Adjustments {
			c.printAdjustment(m.UnitName(x.UnitID), x)
		}
		return nil
	})
}

// assessAppealDecide decides a pending appeal; upheld and partial take the
// new score of the appealed criterion.
func assessAppealDecide(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 || args[0] != "decide" {
		return usageError(c.p.T("assessweb.cli.usage"))
	}
	fs := c.flags("assess appeal decide")
	db := c.dbFlag(fs)
	upheld := fs.Bool("upheld", false, c.p.T("assessweb.cli.flag.upheld"))
	partial := fs.Bool("partial", false, c.p.T("assessweb.cli.flag.partial"))
	rejected := fs.Bool("rejected", false, c.p.T("assessweb.cli.flag.rejected"))
	reason := fs.String("reason", "", c.p.T("assessweb.cli.flag.reason"))
	score := fs.String("score", "", c.p.T("assessweb.cli.flag.score"))
	code := fs.String("code", "", c.p.T("assessweb.cli.flag.code"))
	id, err := c.runFlags(fs, args[1:])
	if err != nil {
		return err
	}
	in := service.AppealDecision{Reason: *reason, Criterion: *code}
	n := 0
	for st, on := range map[domain.AppealState]bool{domain.AppealUpheld: *upheld, domain.AppealPartial: *partial, domain.AppealRejected: *rejected} {
		if on {
			in.State, n = st, n+1
		}
	}
	if n != 1 {
		return usageError(c.p.T("assessweb.cli.one_decision"))
	}
	if *score != "" {
		v, err := strconv.ParseFloat(*score, 64)
		if err != nil {
			return usageError(c.p.T("assessweb.cli.bad_score", *score))
		}
		in.Score = &v
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		if err := svc.DecideAppeal(ctx, op, id, in); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assessweb.cli.decided", id, c.p.T("assesspub.appeal_state."+string(in.State))))
		return nil
	})
}
