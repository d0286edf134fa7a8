// The office's board of cases: figures by source, leader and unit, the
// overdue ranking, on-time closing rates and working days to close.

package service

import (
	"context"
	"math"
	"sort"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// CaseStats are the figures of a group of cases (drafts not counted).
type CaseStats struct {
	// Key identifies the group: a source code, or a person's or unit's ID.
	Key     string `json:"key"`
	Name    string `json:"name"`
	Total   int    `json:"total"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
	Closed  int    `json:"closed"`
	// ClosedOnTime and ClosedLate split the closed cases by whether their
	// last feedback came by the deadline.
	ClosedOnTime int `json:"closed_on_time"`
	ClosedLate   int `json:"closed_late"`
	// OnTimeRate is the percent of closed cases closed on time, null when
	// none is closed; AvgDaysToClose the mean working days from assignment
	// to closing.
	OnTimeRate     *float64 `json:"on_time_rate"`
	AvgDaysToClose *float64 `json:"avg_days_to_close"`
	// Dissatisfied counts cases whose latest rating is 不满意 or that were
	// reopened after one.
	Dissatisfied int            `json:"dissatisfied"`
	Lights       map[string]int `json:"lights"`
	daysToClose  int
}

func newStats(key, name string) *CaseStats {
	return &CaseStats{Key: key, Name: name, Lights: map[string]int{}}
}

func (st *CaseStats) add(v *caseView, c *domain.Case, sig domain.CaseSignal) {
	st.Total++
	st.Lights[string(sig.Light)]++
	if sig.Overdue {
		st.Overdue++
	}
	if c.Rating == domain.RatingDissatisfied || c.ReopenCount > 0 {
		st.Dissatisfied++
	}
	if c.State != domain.CaseClosed {
		st.Open++
		return
	}
	st.Closed++
	if sig.Light == domain.LightClosedLate {
		st.ClosedLate++
	} else {
		st.ClosedOnTime++
	}
	st.daysToClose += c.WorkdaysToClose(v.cal, v.now.Location())
}

func (st *CaseStats) finish() CaseStats {
	if st.Closed > 0 {
		rate := math.Round(float64(st.ClosedOnTime)*1000/float64(st.Closed)) / 10
		days := math.Round(float64(st.daysToClose)*10/float64(st.Closed)) / 10
		st.OnTimeRate, st.AvgDaysToClose = &rate, &days
	}
	return *st
}

// CaseBoard is the office's board on a day.
type CaseBoard struct {
	AsOf     domain.Date `json:"as_of"`
	Summary  CaseStats   `json:"summary"`
	BySource []CaseStats `json:"by_source"`
	ByLeader []CaseStats `json:"by_leader"`
	// ByUnit groups by lead unit, in the order of the org tree.
	ByUnit []CaseStats `json:"by_unit"`
	// OverdueRanking lists the lead units with overdue or late-closed cases,
	// the most overdue first.
	OverdueRanking []CaseStats `json:"overdue_ranking"`
}

// CaseBoardFilter narrows the board. Zero fields do not filter.
type CaseBoardFilter struct {
	Year     int
	Source   domain.CaseSource
	LeaderID domain.ID
	UnitID   domain.ID
}

// CaseBoard gives the figures of the cases p may read.
func (s *Service) CaseBoard(ctx context.Context, p *Principal, f CaseBoardFilter) (*CaseBoard, error) {
	v, err := s.caseView(ctx, p)
	if err != nil {
		return nil, err
	}
	sf := store.CaseFilter{Visible: visibility(v.m, v.scope, p), Source: f.Source, LeaderID: f.LeaderID, Year: f.Year,
		States: []domain.CaseState{domain.CaseAssigned, domain.CaseWorking, domain.CaseReported, domain.CaseClosed}}
	if f.UnitID != 0 {
		sf.UnitIDs = []domain.ID{f.UnitID}
	}
	cases, err := s.db.Read().Cases(ctx, sf)
	if err != nil {
		return nil, err
	}
	summary := newStats("", "")
	bySource := map[domain.CaseSource]*CaseStats{}
	byLeader := map[domain.ID]*CaseStats{}
	byUnit := map[domain.ID]*CaseStats{}
	for i := range cases {
		c := &cases[i]
		if !s.accessTo(v.m, v.scope, p, c).read {
			continue
		}
		sig := c.Signal(v.now, v.cal, v.st)
		summary.add(v, c, sig)
		if bySource[c.Source] == nil {
			bySource[c.Source] = newStats(string(c.Source), printer(ctx).T("cases.source."+string(c.Source)))
		}
		bySource[c.Source].add(v, c, sig)
		if per := v.m.Person(c.LeaderID); per != nil {
			if byLeader[c.LeaderID] == nil {
				byLeader[c.LeaderID] = newStats(strconv.FormatInt(c.LeaderID, 10), per.Name)
			}
			byLeader[c.LeaderID].add(v, c, sig)
		}
		if byUnit[c.LeadUnitID] == nil {
			byUnit[c.LeadUnitID] = newStats(strconv.FormatInt(c.LeadUnitID, 10), v.m.UnitName(c.LeadUnitID))
		}
		byUnit[c.LeadUnitID].add(v, c, sig)
	}
	b := &CaseBoard{AsOf: domain.DateOf(v.now), Summary: summary.finish(), BySource: []CaseStats{}, ByLeader: []CaseStats{},
		ByUnit: []CaseStats{}, OverdueRanking: []CaseStats{}}
	for _, src := range domain.CaseSources {
		if st := bySource[src]; st != nil {
			b.BySource = append(b.BySource, st.finish())
		}
	}
	for _, st := range byLeader {
		b.ByLeader = append(b.ByLeader, st.finish())
	}
	sort.Slice(b.ByLeader, func(i, j int) bool {
		if b.ByLeader[i].Total != b.ByLeader[j].Total {
			return b.ByLeader[i].Total > b.ByLeader[j].Total
		}
		return b.ByLeader[i].Key < b.ByLeader[j].Key
	})
	for _, u := range v.m.Units {
		if st := byUnit[u.ID]; st != nil {
			b.ByUnit = append(b.ByUnit, st.finish())
			if st.Overdue > 0 || st.ClosedLate > 0 {
				b.OverdueRanking = append(b.OverdueRanking, *st)
			}
		}
	}
	sort.SliceStable(b.OverdueRanking, func(i, j int) bool {
		a, c := b.OverdueRanking[i], b.OverdueRanking[j]
		if a.Overdue != c.Overdue {
			return a.Overdue > c.Overdue
		}
		return a.ClosedLate > c.ClosedLate
	})
	return b, nil
}
