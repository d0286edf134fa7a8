// Reading cases: one case with its whole timeline, listings with lights and
// counts, and a unit's inbox. Pages and the API share these.

package service

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// CaseItem is a case in a listing: its light today and the names a page shows.
type CaseItem struct {
	domain.Case
	domain.CaseSignal
	LeadUnit string   `json:"lead_unit"`
	CoUnits  []string `json:"co_units"`
	Leader   string   `json:"leader"`
	// SignedLate is set when the lead unit signed after the signing limit.
	SignedLate bool `json:"signed_late"`
	// Role is the part the caller's units play in the case: lead, co or "".
	Role string `json:"role"`
	// Todo is the step waiting for the caller: assign, sign, part, feedback,
	// review, decide_extension, rate, or "".
	Todo string `json:"todo"`
	// Exemption is the approved exemption (容错免责) from the case's
	// failure, when there is one.
	Exemption *domain.ExemptionRef `json:"exemption,omitempty"`
}

// CaseCounts count a listing before its light, overdue and to-do filters,
// so that tabs can show how many each would give.
type CaseCounts struct {
	Lights  map[string]int `json:"lights"`
	States  map[string]int `json:"states"`
	Overdue int            `json:"overdue"`
	Todo    int            `json:"todo"`
}

// CaseList is a listing, most urgent first.
type CaseList struct {
	AsOf   domain.Date `json:"as_of"`
	Items  []CaseItem  `json:"items"`
	Total  int         `json:"total"`
	Counts CaseCounts  `json:"counts"`
	// Until is the next instant today at which a light of the listing
	// changes by the clock alone (a signing limit passing; zero: none), so
	// that a page built from it may be kept until then.
	Until time.Time `json:"-"`
}

// CaseFilter narrows a listing. Zero fields do not filter.
type CaseFilter struct {
	// UnitID: cases the unit leads or (unless LeadOnly) co-operates on.
	UnitID   domain.ID
	LeadOnly bool
	States   []domain.CaseState
	Light    domain.CaseLight
	Source   domain.CaseSource
	LeaderID domain.ID
	Overdue  bool
	Year     int
	TaskID   domain.ID
	// Query matches the number, title and content (traditional characters
	// fold to simplified).
	Query string
	// Todo keeps the cases with a step waiting for the caller.
	Todo bool
}

// caseView is what every read needs: the model, the caller's scope, the
// clock, the calendar and the settings.
type caseView struct {
	m     *readmodel.Model
	scope readmodel.Scope
	now   time.Time
	cal   workday.Calendar
	st    domain.CaseSettings
}

func (s *Service) caseView(ctx context.Context, p *Principal) (*caseView, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	cal, err := s.caseCalendar(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.caseSettingsAt(ctx, m.Seq)
	if err != nil {
		return nil, err
	}
	return &caseView{m: m, scope: scope, now: s.caseNow(), cal: cal, st: st}, nil
}

// item describes c for p; parts are the co-units that gave their part this
// round and pending says a request for extension waits.
func (s *Service) item(v *caseView, p *Principal, c domain.Case, a caseAccess, parts []domain.ID, pending bool) CaseItem {
	it := CaseItem{Case: c, CaseSignal: c.Signal(v.now, v.cal, v.st), LeadUnit: v.m.UnitName(c.LeadUnitID), CoUnits: v.m.UnitNames(c.CoUnitIDs),
		SignedLate: c.SignedLate()}
	if per := v.m.Person(c.LeaderID); per != nil {
		it.Leader = per.Name
	}
	switch {
	case a.lead != 0:
		it.Role = "lead"
	case a.co != 0:
		it.Role = "co"
	}
	partGiven := false
	for _, u := range parts {
		partGiven = partGiven || u == a.co
	}
	switch {
	case a.office && c.State == domain.CaseReported:
		it.Todo = "review"
	case a.office && pending:
		it.Todo = "decide_extension"
	case a.office && c.State == domain.CaseDraft:
		it.Todo = "assign"
	case a.lead != 0 && c.State == domain.CaseAssigned:
		it.Todo = "sign"
	case a.lead != 0 && c.State == domain.CaseWorking:
		it.Todo = "feedback"
	case a.co != 0 && (c.State == domain.CaseAssigned || c.State == domain.CaseWorking) && !partGiven:
		it.Todo = "part"
	case a.rater && c.State == domain.CaseClosed && c.Rating == "":
		it.Todo = "rate"
	}
	return it
}

// Cases lists the cases p may read that pass f, most urgent first.
func (s *Service) Cases(ctx context.Context, p *Principal, f CaseFilter) (*CaseList, error) {
	v, err := s.caseView(ctx, p)
	if err != nil {
		return nil, err
	}
	var units []domain.ID
	if f.UnitID != 0 {
		units = []domain.ID{f.UnitID}
	}
	return s.listCases(ctx, p, v, f, units)
}

// CaseInbox lists the cases of the units p signs, works and reports for
// (liaison, unit head); for callers without such units (the office,
// leaders) it lists the cases waiting for them.
func (s *Service) CaseInbox(ctx context.Context, p *Principal, f CaseFilter) (*CaseList, error) {
	v, err := s.caseView(ctx, p)
	if err != nil {
		return nil, err
	}
	units := []domain.ID{}
	for id := range unitsActing(v.m, p) {
		units = append(units, id)
	}
	if len(units) == 0 {
		f.Todo = true
		units = nil
	}
	return s.listCases(ctx, p, v, f, units)
}

func (s *Service) listCases(ctx context.Context, p *Principal, v *caseView, f CaseFilter, units []domain.ID) (*CaseList, error) {
	key := caseListKey(p, f, units)
	if l, ok := s.caseLists.get(v.m.Seq, key, v.now); ok {
		return l, nil
	}
	l, err := s.readCases(ctx, p, v, f, units)
	if err != nil {
		return nil, err
	}
	s.caseLists.put(v.m.Seq, key, v.now, l)
	return l, nil
}

// readCases reads and works out a listing (see listCases).
func (s *Service) readCases(ctx context.Context, p *Principal, v *caseView, f CaseFilter, units []domain.ID) (*CaseList, error) {
	sf := store.CaseFilter{UnitIDs: units, LeadOnly: f.LeadOnly, States: f.States, Source: f.Source, LeaderID: f.LeaderID, TaskID: f.TaskID,
		Year: f.Year}
	// The store's visibility filter only narrows what is read (every case
	// is checked below); when p sees every unit asked for, it narrows
	// nothing, and without it a unit's cases are one index lookup.
	if len(units) == 0 || !seesAll(v, units) {
		sf.Visible = visibility(v.m, v.scope, p)
	}
	cases, marks, err := s.db.Read().CaseListing(ctx, sf)
	if err != nil {
		return nil, err
	}
	exempt, err := s.approvedRefs(ctx, domain.FailureCase)
	if err != nil {
		return nil, err
	}
	query := s.norm.ParseQuery(f.Query)
	out := &CaseList{AsOf: domain.DateOf(v.now), Items: make([]CaseItem, 0, len(cases)),
		Counts: CaseCounts{Lights: map[string]int{}, States: map[string]int{}}}
	acting := unitsActing(v.m, p)
	for _, c := range cases {
		a := s.access(v.m, v.scope, p, acting, &c)
		if !a.read {
			continue
		}
		if len(query) > 0 && !query.Match(c.Number, c.Title, c.Content) {
			continue
		}
		if c.State == domain.CaseAssigned && c.SignDue.After(v.now) && (out.Until.IsZero() || c.SignDue.Before(out.Until)) {
			out.Until = c.SignDue
		}
		it := s.item(v, p, c, a, marks.Parts[c.ID][c.Round], marks.Pending[c.ID])
		if ref, ok := exempt[c.ID]; ok {
			it.Exemption = &ref
		}
		out.Counts.Lights[string(it.Light)]++
		out.Counts.States[string(c.State)]++
		if it.Overdue {
			out.Counts.Overdue++
		}
		if it.Todo != "" {
			out.Counts.Todo++
		}
		if (f.Light != "" && it.Light != f.Light) || (f.Overdue && !it.Overdue) || (f.Todo && it.Todo == "") {
			continue
		}
		out.Items = append(out.Items, it)
	}
	sortCases(out.Items)
	out.Total = len(out.Items)
	return out, nil
}

// seesAll reports whether the viewer's scope covers every one of units.
func seesAll(v *caseView, units []domain.ID) bool {
	if v.scope.All {
		return true
	}
	for _, id := range units {
		if u := v.m.Unit(id); u == nil || !v.scope.SeesUnit(u) {
			return false
		}
	}
	return true
}

// lightRank orders lights for listings, the most urgent first.
func lightRank(l domain.CaseLight) int {
	for i, v := range domain.CaseLights {
		if v == l {
			return i
		}
	}
	return len(domain.CaseLights)
}

// sortCases orders cases by light (red first), then by deadline, drafts
// and cases without one last, then newest first.
func sortCases(items []CaseItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := &items[i], &items[j]
		if ra, rb := lightRank(a.Light), lightRank(b.Light); ra != rb {
			return ra < rb
		}
		if a.Deadline != b.Deadline {
			if a.Deadline.IsZero() || b.Deadline.IsZero() {
				return b.Deadline.IsZero()
			}
			return a.Deadline < b.Deadline
		}
		return a.ID > b.ID
	})
}

// CaseEventView is a step of the timeline with the name of its unit.
type CaseEventView struct {
	domain.CaseEvent
	Unit string `json:"unit"`
	// Exemption is the approved exemption from this rung of the ladder.
	Exemption *domain.ExemptionRef `json:"exemption,omitempty"`
}

// CasePartView is a co-unit's part with the unit's name.
type CasePartView struct {
	domain.CasePart
	Unit string `json:"unit"`
}

// CaseActions say which steps the caller may take now.
type CaseActions struct {
	Edit             bool `json:"edit"`
	Assign           bool `json:"assign"`
	Sign             bool `json:"sign"`
	Progress         bool `json:"progress"`
	Part             bool `json:"part"`
	Feedback         bool `json:"feedback"`
	Review           bool `json:"review"`
	RequestExtension bool `json:"request_extension"`
	DecideExtension  bool `json:"decide_extension"`
	Rate             bool `json:"rate"`
	Escalate         bool `json:"escalate"`
	// ApplyExemption: the lead unit may apply for exemption from the case
	// being overdue or closed late.
	ApplyExemption bool `json:"apply_exemption"`
}

// CaseDetail is a case with its whole timeline: every step, the co-units'
// parts, extension requests, ratings, attachments and the status of the
// tasks it is linked to.
type CaseDetail struct {
	CaseItem
	Events []CaseEventView `json:"events"`
	Parts  []CasePartView  `json:"parts"`
	// PartsMissing names the co-units yet to give their part this round.
	PartsMissing []string                 `json:"parts_missing"`
	Extensions   []domain.CaseExtension   `json:"extensions"`
	Ratings      []domain.CaseRatingEntry `json:"ratings"`
	// Attachments are the files of the case itself; evidence of a step is
	// listed with the step.
	Attachments []domain.CaseFile `json:"attachments"`
	// Tasks are the linked tasks the caller may see, with their status today.
	Tasks []TaskStatus `json:"tasks"`
	Can   CaseActions  `json:"can"`
	// Exemptions are the applications for exemption from the case's
	// failure and its rungs, newest first.
	Exemptions []domain.Exemption `json:"exemptions"`
}

// Case returns one case p may read, with its whole timeline.
func (s *Service) Case(ctx context.Context, p *Principal, id domain.ID) (*CaseDetail, error) {
	v, err := s.caseView(ctx, p)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	c, err := r.Case(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, caseNotFound(ctx)
	}
	if err != nil {
		return nil, err
	}
	a := s.accessTo(v.m, v.scope, p, &c)
	if !a.read {
		return nil, caseNotFound(ctx)
	}
	events, err := r.CaseEvents(ctx, id)
	if err != nil {
		return nil, err
	}
	parts, err := r.CaseParts(ctx, id)
	if err != nil {
		return nil, err
	}
	exts, err := r.CaseExtensions(ctx, id)
	if err != nil {
		return nil, err
	}
	ratings, err := r.CaseRatings(ctx, id)
	if err != nil {
		return nil, err
	}
	files, err := r.CaseFiles(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &CaseDetail{Events: []CaseEventView{}, Parts: []CasePartView{}, PartsMissing: []string{}, Extensions: exts, Ratings: ratings,
		Attachments: []domain.CaseFile{}, Tasks: []TaskStatus{}}
	if d.Extensions == nil {
		d.Extensions = []domain.CaseExtension{}
	}
	if d.Ratings == nil {
		d.Ratings = []domain.CaseRatingEntry{}
	}
	for _, e := range events {
		d.Events = append(d.Events, CaseEventView{CaseEvent: e, Unit: v.m.UnitName(e.UnitID)})
	}
	var given []domain.ID
	for _, pt := range parts {
		d.Parts = append(d.Parts, CasePartView{CasePart: pt, Unit: v.m.UnitName(pt.UnitID)})
		if pt.Round == c.Round {
			given = append(given, pt.UnitID)
		}
	}
	for _, u := range c.CoUnitIDs {
		if !containsID(given, u) {
			d.PartsMissing = append(d.PartsMissing, v.m.UnitName(u))
		}
	}
	pending := false
	for _, e := range exts {
		pending = pending || e.State == domain.ExtensionPending
	}
	for _, f := range files {
		if f.EventID == 0 {
			d.Attachments = append(d.Attachments, f)
		}
	}
	ev := v.m.Evaluate(domain.DateOf(v.now), v.m.Calendar)
	for _, tid := range c.TaskIDs {
		if t := v.m.Task(tid); t != nil && v.scope.Sees(t) {
			d.Tasks = append(d.Tasks, TaskStatusOf(v.m, t, ev.Of(t)))
		}
	}
	d.CaseItem = s.item(v, p, c, a, given, pending)
	d.Can = CaseActions{
		Edit:             a.office && c.Can(domain.EventEdit),
		Assign:           a.office && c.Can(domain.EventAssign),
		Sign:             a.lead != 0 && c.Can(domain.EventSign),
		Progress:         a.lead != 0 && c.Can(domain.EventProgress),
		Part:             a.co != 0 && c.Can(domain.EventPart),
		Feedback:         a.lead != 0 && c.Can(domain.EventFeedback) && len(d.PartsMissing) == 0,
		Review:           a.office && c.Can(domain.EventClose),
		RequestExtension: a.lead != 0 && c.Can(domain.EventExtensionRequest) && !pending,
		DecideExtension:  a.office && pending && c.Can(domain.EventExtensionApprove),
		Rate:             a.rater && c.Can(domain.EventRate) && c.Rating == "",
		Escalate:         a.office && c.Can(domain.EventUrge) && c.Escalation < domain.EscalationTalk,
	}
	if err := s.attachExemptions(ctx, d, a); err != nil {
		return nil, err
	}
	return d, nil
}

func containsID(ids []domain.ID, id domain.ID) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}
