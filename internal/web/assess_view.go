package web

import (
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// The views of a published assessment run shared by the office's, the
// units' and the public pages: the list by category and one unit's
// breakdown with every formula.

// pubRunHead is what every run page shows on top.
type pubRunHead struct {
	ID         domain.ID
	Name       string
	Year       int
	State      domain.RunState
	StateLabel string
	Start, End string
	CheckDate  string
	Final      string // when it was made final
}

func pubNewRunHead(pr *i18n.Printer, run service.RunSummary, checkDate domain.Date) pubRunHead {
	h := pubRunHead{ID: run.ID, Name: run.SchemeName, Year: run.Year, State: run.State, StateLabel: pr.T("assesspub.state." + string(run.State)),
		Start: run.NoticeStart.String(), End: run.NoticeEnd.String()}
	if !checkDate.IsZero() {
		h.CheckDate = checkDate.String()
	}
	if !run.FinalizedAt.IsZero() {
		h.Final = run.FinalizedAt.Format("2006-01-02")
	}
	return h
}

// pubRunHeadOf is the head of a whole run.
func pubRunHeadOf(pr *i18n.Printer, run domain.AssessRun) pubRunHead {
	return pubNewRunHead(pr, service.Summary(run), run.Result.CheckDate)
}

// pubRunCategory is one category's table: its sections as columns.
type pubRunCategory struct {
	Name     string
	Sections []domain.SectionScore // names and maxima of the columns
	Rows     []pubRunRow
}

type pubRunRow struct {
	UnitID   domain.ID
	Unit     string
	Sections []string
	Bonus    string
	Penalty  string
	Total    string
	Rank     int
	TieBreak string
	Grade    string
	Awards   string
	Talk     bool
	Vetoed   bool
}

// pubRunCategories groups a result's units by category, in the result's
// order (category order, then rank).
func pubRunCategories(pr *i18n.Printer, r domain.AssessResult) []pubRunCategory {
	var out []pubRunCategory
	index := map[string]int{}
	for _, u := range r.Units {
		i, ok := index[u.Category]
		if !ok {
			i = len(out)
			index[u.Category] = i
			out = append(out, pubRunCategory{Name: u.Category, Sections: u.Sections})
		}
		c := &out[i]
		row := pubRunRow{UnitID: u.UnitID, Unit: u.Unit, Bonus: domain.PubScore(u.Bonus), Penalty: domain.PubScore(u.Penalty),
			Total: domain.PubScore(u.Total), Rank: u.Rank, TieBreak: xlsexport.TieBreakText(u, pr), Grade: u.Grade, Awards: strings.Join(u.Awards, "、"),
			Talk: u.Talk, Vetoed: u.Vetoed}
		for _, head := range c.Sections {
			v := ""
			for _, s := range u.Sections {
				if s.Key == head.Key {
					v = domain.PubScore(s.Score)
				}
			}
			row.Sections = append(row.Sections, v)
		}
		c.Rows = append(c.Rows, row)
	}
	return out
}

// runAwards lists each award with its winners, and the 约谈 list.
type pubRunHonours struct {
	Awards []pubRunAward
	Talks  []string
}

type pubRunAward struct {
	Name  string
	Units string
}

func pubHonours(r domain.AssessResult) pubRunHonours {
	var h pubRunHonours
	index := map[string]int{}
	var names [][]string
	for _, u := range r.Units {
		for _, a := range u.Awards {
			i, ok := index[a]
			if !ok {
				i = len(h.Awards)
				index[a] = i
				h.Awards = append(h.Awards, pubRunAward{Name: a})
				names = append(names, nil)
			}
			names[i] = append(names[i], u.Unit)
		}
		if u.Talk {
			h.Talks = append(h.Talks, u.Unit)
		}
	}
	for i := range h.Awards {
		h.Awards[i].Units = strings.Join(names[i], "、")
	}
	return h
}

// pubUnitBreakdown is one unit's result with every criterion's formula in
// the reader's words.
type pubUnitBreakdown struct {
	UnitID   domain.ID
	Unit     string
	Category string
	Total    string
	Base     string
	Bonus    string
	Penalty  string
	Rank     int
	Of       int
	TieBreak string
	Grade    string
	Awards   string
	Talk     bool
	Vetoed   bool
	Sections []domain.SectionScore
	Criteria []pubCriterionRow
}

type pubCriterionRow struct {
	Code     string
	Name     string
	Kind     string
	Section  string
	Max      string
	Score    string
	Wording  string
	Expr     string
	Inputs   []pubInputRow
	Missing  bool
	Vetoed   bool
	Adjusted bool
	Veto     bool
}

type pubInputRow struct {
	Label string
	Value string
	Text  string
}

// pubCategorySize counts the units ranked in category, for "3rd of 12".
func pubCategorySize(r domain.AssessResult, category string) int {
	n := 0
	for _, o := range r.Units {
		if o.Category == category {
			n++
		}
	}
	return n
}

// pubNewBreakdown builds the breakdown every unit page shows: the trial
// results', a run's and the public one. of is the number of units ranked
// in the category, or 0 when the caller does not know it (a unit reading
// its trial results sees only its own row) and the rank stands alone.
func pubNewBreakdown(pr *i18n.Printer, u *domain.UnitResult, of int) pubUnitBreakdown {
	b := pubUnitBreakdown{UnitID: u.UnitID, Unit: u.Unit, Category: u.Category, Total: domain.PubScore(u.Total), Base: domain.PubScore(u.Base),
		Bonus: domain.PubScore(u.Bonus), Penalty: domain.PubScore(u.Penalty), Rank: u.Rank, Of: of, TieBreak: xlsexport.TieBreakText(*u, pr),
		Grade: u.Grade, Awards: strings.Join(u.Awards, "、"), Talk: u.Talk, Vetoed: u.Vetoed, Sections: u.Sections}
	sections := map[string]string{}
	for _, s := range u.Sections {
		sections[s.Key] = s.Name
	}
	for _, c := range u.Criteria {
		row := pubCriterionRow{Code: c.Code, Name: c.Name, Kind: pr.T("assesspub.kind." + string(c.Kind)), Section: sections[c.Section],
			Max: domain.PubScore(c.Max), Score: domain.PubScore(c.Score), Wording: xlsexport.FormulaText(c.Formula.Key, pr), Expr: c.Formula.Expr,
			Missing: c.Missing, Vetoed: c.Vetoed, Adjusted: c.Formula.Key == "adjusted", Veto: c.Kind == domain.CriterionVeto}
		if !domain.CriterionKind(c.Kind).Valid() {
			row.Kind = string(c.Kind)
		}
		for _, in := range c.Formula.Inputs {
			row.Inputs = append(row.Inputs, pubInputRow{Label: xlsexport.InputLabel(in.Label, pr), Value: domain.InputValue(in), Text: in.Text})
		}
		b.Criteria = append(b.Criteria, row)
	}
	return b
}
