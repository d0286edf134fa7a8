// Importing a batch of cases from an office's ledger (督办台账): every row
// becomes a case, all of them or — on any bad row — none.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// CaseImportOptions say how a ledger is imported.
type CaseImportOptions struct {
	// Assign hands every case to its units at once (立项并交办).
	Assign bool
	// FileName and Data identify the file in the audit log.
	FileName string
	Data     []byte
}

// ImportedCase is a case a ledger row became.
type ImportedCase struct {
	Sheet    string      `json:"sheet"`
	Row      int         `json:"row"`
	ID       domain.ID   `json:"id"`
	Number   string      `json:"number"`
	Title    string      `json:"title"`
	LeadUnit string      `json:"lead_unit"`
	Deadline domain.Date `json:"deadline"`
}

// CaseImportSummary says what a ledger import did.
type CaseImportSummary struct {
	Rows     int            `json:"rows"`
	Created  int            `json:"created"`
	Assigned bool           `json:"assigned"`
	Cases    []ImportedCase `json:"cases"`
}

// caseNames resolves the unit and leader names of a ledger, also after
// folding (traditional characters, full-width forms, spaces).
type caseNames struct {
	*nameIndex
	fold        func(string) string
	foldUnits   map[string]domain.ID
	foldLeaders map[string][]domain.ID
}

func (s *Service) newCaseNames(m *readmodel.Model) *caseNames {
	fold := func(v string) string { return strings.ReplaceAll(s.norm.Normalize(v), " ", "") }
	cn := &caseNames{nameIndex: newNameIndex(m), fold: fold, foldUnits: map[string]domain.ID{}, foldLeaders: map[string][]domain.ID{}}
	for _, u := range m.Units {
		for _, n := range append(append([]string{u.Short}, u.Aliases...), u.Name) {
			if n != "" {
				cn.foldUnits[fold(n)] = u.ID
			}
		}
	}
	for name, ids := range cn.people {
		cn.foldLeaders[fold(name)] = ids
	}
	return cn
}

func (cn *caseNames) unitID(name string) domain.ID {
	if id := cn.unit(name); id != 0 {
		return id
	}
	return cn.foldUnits[cn.fold(name)]
}

func (cn *caseNames) leaderID(name string) (domain.ID, bool) {
	if id, ambiguous := cn.leader(name); id != 0 || ambiguous {
		return id, ambiguous
	}
	switch ids := cn.foldLeaders[cn.fold(name)]; len(ids) {
	case 0:
		return 0, false
	case 1:
		return ids[0], false
	}
	return 0, true
}

// caseCell names a ledger cell for messages: sheet, row, column and header.
func caseCell(ctx context.Context, row xlsimport.CaseRow, field, cell string) string {
	pr := printer(ctx)
	if cell == "" {
		cell = row.Cells[field]
	}
	header := row.Headers[field]
	if header == "" {
		header = pr.T("import.col.case." + field)
	}
	return pr.T("import.svc.where", row.Sheet, row.Row, strings.TrimRight(cell, "0123456789"), header)
}

// caseFieldColumn maps the fields of a case refusal to ledger columns.
var caseFieldColumn = map[string]string{"title": "title", "content": "content", "source": "source", "urgency": "urgency",
	"lead_unit_id": "lead_units", "co_unit_ids": "co_units", "leader_id": "leaders", "limit_days": "due", "limit_date": "due"}

// rowCase turns a ledger row into a case's input, or adds its problems.
func (s *Service) rowCase(ctx context.Context, cn *caseNames, cal domain.WorkdayCalendar, row xlsimport.CaseRow, probs *problems) (CaseInput, bool) {
	pr := printer(ctx)
	in := CaseInput{Title: row.Title, Content: row.Content, Source: row.Source, Urgency: row.Urgency, LimitDays: row.LimitDays,
		CoUnitIDs: []domain.ID{}}
	if row.Remarks != "" {
		in.Content = strings.TrimSpace(in.Content + "\n" + pr.T("caseweb.import.remarks", row.Remarks))
	}
	ok := true
	unit := func(name string) domain.ID {
		id := cn.unitID(name)
		if id == 0 {
			cell, field := row.UnitCells[name], "lead_units"
			if co := row.Cells["co_units"]; co != "" && strings.TrimRight(co, "0123456789") == strings.TrimRight(cell, "0123456789") {
				field = "co_units"
			}
			probs.add(pr.T("caseweb.import.unknown_unit", caseCell(ctx, row, field, cell), name))
			ok = false
		}
		return id
	}
	in.LeadUnitID = unit(row.LeadUnit)
	for _, n := range row.CoUnits {
		if id := unit(n); id != 0 && id != in.LeadUnitID {
			in.CoUnitIDs = append(in.CoUnitIDs, id)
		}
	}
	if len(row.Leaders) > 0 {
		id, ambiguous := cn.leaderID(row.Leaders[0])
		switch {
		case ambiguous:
			probs.add(pr.T("caseweb.import.ambiguous_leader", caseCell(ctx, row, "leaders", ""), row.Leaders[0]))
			ok = false
		case id == 0:
			probs.add(pr.T("caseweb.import.unknown_leader", caseCell(ctx, row, "leaders", ""), row.Leaders[0]))
			ok = false
		}
		in.LeaderID = id
	}
	if row.LimitDays == 0 {
		d := row.Due
		// "8月底前" on a Sunday means the Friday before; a day named
		// outright must be a working day.
		for row.DuePeriod && !cal.IsWorkday(d) && d > row.Due-15 {
			d--
		}
		in.LimitDate = d
	}
	if err := domain.CheckTimeLimit(cal, domain.TimeLimit{Days: in.LimitDays, Date: in.LimitDate}, s.Today()); err != nil {
		probs.add(pr.T("caseweb.import.row_error", caseCell(ctx, row, "due", ""), domain.ErrorMessage(s.caseError(ctx, cn.m, err))))
		ok = false
	}
	return in, ok
}

// ImportCases stores a parsed ledger (office): every row becomes a case
// numbered from the office's pattern, assigned at once when opt.Assign.
// An unknown unit or leader, a time limit on a holiday or in the past, a
// unit outside the office's scope or a case already open refuses the whole
// sheet, each problem named with its row, column and reason.
func (s *Service) ImportCases(ctx context.Context, p *Principal, sheet *xlsimport.CaseSheet, opt CaseImportOptions) (*CaseImportSummary, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	pr := printer(ctx)
	if len(sheet.Rows) == 0 {
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("caseweb.import.no_rows")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	cal, err := s.caseCalendar(ctx)
	if err != nil {
		return nil, err
	}
	existing, err := s.db.Read().Cases(ctx, store.CaseFilter{States: []domain.CaseState{domain.CaseDraft, domain.CaseAssigned, domain.CaseWorking, domain.CaseReported}})
	if err != nil {
		return nil, err
	}
	open := map[string]string{}
	for _, c := range existing {
		open[caseKey(c.Title, c.LeadUnitID)] = c.Number
	}
	cn := s.newCaseNames(m)
	var probs problems
	seen := map[string]int{}
	cases := make([]domain.Case, 0, len(sheet.Rows))
	rows := make([]xlsimport.CaseRow, 0, len(sheet.Rows))
	for _, row := range sheet.Rows {
		in, ok := s.rowCase(ctx, cn, cal, row, &probs)
		if !ok {
			continue
		}
		c, err := s.checkCase(ctx, m, scope, p, in)
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind == domain.KindInternal {
				return nil, err
			}
			probs.add(pr.T("caseweb.import.row_error", caseCell(ctx, row, caseFieldColumn[de.Field], ""), de.Message))
			continue
		}
		key := caseKey(c.Title, c.LeadUnitID)
		if first, dup := seen[key]; dup {
			probs.add(pr.T("caseweb.import.duplicate", caseCell(ctx, row, "title", ""), first))
			continue
		}
		seen[key] = row.Row
		if number, dup := open[key]; dup {
			probs.add(pr.T("caseweb.import.exists", caseCell(ctx, row, "title", ""), number))
			continue
		}
		cases, rows = append(cases, c), append(rows, row)
	}
	if err := probs.err(ctx); err != nil {
		return nil, err
	}
	sum := &CaseImportSummary{Rows: len(sheet.Rows), Assigned: opt.Assign, Cases: []ImportedCase{}}
	sha := ""
	if opt.Data != nil {
		h := sha256.Sum256(opt.Data)
		sha = hex.EncodeToString(h[:])
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		sum.Cases = sum.Cases[:0]
		st, err := s.caseSettings(ctx, &tx.Reader)
		if err != nil {
			return err
		}
		pattern, err := domain.ParseNumberPattern(st.NumberPattern)
		if err != nil {
			return s.caseError(ctx, m, err)
		}
		now := s.caseNow()
		by := caseActor(p, 0)
		origin := pr.T("caseweb.import.origin", opt.FileName)
		for i, c := range cases {
			row := rows[i]
			c.Year = now.Year()
			if c.Seq, err = tx.NextCaseSeq(ctx, c.Year); err != nil {
				return err
			}
			c.Number, c.State, c.Round, c.RaisedBy = pattern.Format(c.Year, c.Seq), domain.CaseDraft, 1, actorName(p)
			if !p.System {
				c.RaisedByID = p.Account.ID
			}
			if err := tx.InsertCase(ctx, &c, now); err != nil {
				if errors.Is(err, store.ErrDuplicate) {
					return conflict(ctx, "cases.err.number_taken", c.Number)
				}
				return err
			}
			events := []domain.CaseEvent{{CaseID: c.ID, Kind: domain.EventCreate, At: now, ActorID: by.ID, Actor: by.Name,
				ToState: domain.CaseDraft, Text: origin, Round: 1}}
			if opt.Assign {
				ev, err := c.Assign(by, now, cal, st)
				if err != nil {
					return s.caseError(ctx, m, err)
				}
				events = append(events, ev)
				if err := tx.UpdateCase(ctx, c, now); err != nil {
					return err
				}
			}
			for j := range events {
				if err := tx.InsertCaseEvent(ctx, &events[j]); err != nil {
					return err
				}
			}
			if _, err := s.audit(ctx, tx, p, store.Change{Action: "case.import_create", Entity: "case", EntityID: c.ID, After: caseState{c, events}}); err != nil {
				return err
			}
			sum.Cases = append(sum.Cases, ImportedCase{Sheet: row.Sheet, Row: row.Row, ID: c.ID, Number: c.Number, Title: c.Title,
				LeadUnit: m.UnitName(c.LeadUnitID), Deadline: c.Deadline})
		}
		sum.Created = len(sum.Cases)
		_, err = s.audit(ctx, tx, p, store.Change{Action: "import.cases", Entity: "case_import", EntityID: sha,
			After: map[string]any{"file": opt.FileName, "sha256": sha, "rows": sum.Rows, "created": sum.Created, "assigned": opt.Assign}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// caseKey identifies an item of a ledger: its title and lead unit.
func caseKey(title string, lead domain.ID) string {
	return strings.Join(strings.Fields(title), "") + "\x00" + strconv.FormatInt(lead, 10)
}
