package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const unitCols = "id, parent_id, name, short_name, aliases, kind, category, sector_id, sort, active"

func scanUnit(sc interface{ Scan(...any) error }) (domain.Unit, error) {
	var u domain.Unit
	var parent, sector sql.NullInt64
	var aliases string
	err := sc.Scan(&u.ID, &parent, &u.Name, &u.Short, &aliases, &u.Kind, &u.Category, &sector, &u.Sort, &u.Active)
	u.ParentID, u.SectorID = parent.Int64, sector.Int64
	u.Aliases = splitLines(aliases)
	return u, err
}

// Units returns every unit, ordered for display.
func (r *Reader) Units(ctx context.Context) ([]domain.Unit, error) {
	return collect(ctx, r.q, "list units", "SELECT "+unitCols+" FROM units ORDER BY sort, id", nil,
		func(sc scanner) (domain.Unit, error) { return scanUnit(sc) })
}

// Unit returns one unit.
func (r *Reader) Unit(ctx context.Context, id domain.ID) (domain.Unit, error) {
	u, err := scanUnit(r.q.QueryRowContext(ctx, "SELECT "+unitCols+" FROM units WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return u, notFound("unit", id)
	}
	return u, wrap("get unit", err)
}

// InsertUnit stores a new unit and sets its ID.
func (tx *Tx) InsertUnit(ctx context.Context, u *domain.Unit, now time.Time) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, `INSERT INTO units (parent_id, name, short_name, aliases, kind, category, sector_id, sort, active, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id`,
		nullID(u.ParentID), u.Name, u.Short, joinLines(u.Aliases), u.Kind, u.Category, nullID(u.SectorID), u.Sort, u.Active, ts(now)).Scan(&u.ID)
	return wrap("insert unit", err)
}

// UpdateUnit saves a unit.
func (tx *Tx) UpdateUnit(ctx context.Context, u domain.Unit, now time.Time) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, `UPDATE units SET parent_id=$1, name=$2, short_name=$3, aliases=$4, kind=$5, category=$6,
		sector_id=$7, sort=$8, active=$9, updated_at=$10 WHERE id=$11`,
		nullID(u.ParentID), u.Name, u.Short, joinLines(u.Aliases), u.Kind, u.Category, nullID(u.SectorID), u.Sort, u.Active, ts(now), u.ID)
	return affected("update unit", u.ID, res, err)
}

// Sectors returns every sector.
func (r *Reader) Sectors(ctx context.Context) ([]domain.Sector, error) {
	return listGroups[domain.Sector](ctx, r, "sectors", func(id domain.ID, name string, sort int) domain.Sector {
		return domain.Sector{ID: id, Name: name, Sort: sort}
	})
}

// Fronts returns every front.
func (r *Reader) Fronts(ctx context.Context) ([]domain.Front, error) {
	return listGroups[domain.Front](ctx, r, "fronts", func(id domain.ID, name string, sort int) domain.Front {
		return domain.Front{ID: id, Name: name, Sort: sort}
	})
}

func listGroups[T any](ctx context.Context, r *Reader, table string, mk func(domain.ID, string, int) T) ([]T, error) {
	return collect(ctx, r.q, "list "+table, "SELECT id, name, sort FROM "+table+" ORDER BY sort, id", nil, func(sc scanner) (T, error) {
		var id domain.ID
		var name string
		var sort int
		err := sc.Scan(&id, &name, &sort)
		return mk(id, name, sort), err
	})
}

// InsertGroup stores a sector or front and returns its ID.
func (tx *Tx) InsertGroup(ctx context.Context, kind domain.GroupKind, name string, sort int) (domain.ID, error) {
	tx.MarkStructural()
	var id domain.ID
	err := tx.q.QueryRowContext(ctx, "INSERT INTO "+groupTable(kind)+" (name, sort) VALUES ($1, $2) RETURNING id", name, sort).Scan(&id)
	return id, wrap("insert "+string(kind), err)
}

// UpdateGroup renames or reorders a sector or front.
func (tx *Tx) UpdateGroup(ctx context.Context, kind domain.GroupKind, id domain.ID, name string, sort int) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, "UPDATE "+groupTable(kind)+" SET name=$1, sort=$2 WHERE id=$3", name, sort, id)
	return affected("update "+string(kind), id, res, err)
}

func groupTable(kind domain.GroupKind) string {
	if kind == domain.GroupFront {
		return "fronts"
	}
	return "sectors"
}

const personCols = "id, name, unit_id, title, phone, email, active"

func scanPerson(sc interface{ Scan(...any) error }) (domain.Person, error) {
	var p domain.Person
	var unit sql.NullInt64
	err := sc.Scan(&p.ID, &p.Name, &unit, &p.Title, &p.Phone, &p.Email, &p.Active)
	p.UnitID = unit.Int64
	return p, err
}

// People returns every person.
func (r *Reader) People(ctx context.Context) ([]domain.Person, error) {
	return collect(ctx, r.q, "list people", "SELECT "+personCols+" FROM people ORDER BY id", nil,
		func(sc scanner) (domain.Person, error) { return scanPerson(sc) })
}

// Person returns one person.
func (r *Reader) Person(ctx context.Context, id domain.ID) (domain.Person, error) {
	p, err := scanPerson(r.q.QueryRowContext(ctx, "SELECT "+personCols+" FROM people WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return p, notFound("person", id)
	}
	return p, wrap("get person", err)
}

// InsertPerson stores a person and sets its ID.
func (tx *Tx) InsertPerson(ctx context.Context, p *domain.Person, now time.Time) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, `INSERT INTO people (name, unit_id, title, phone, email, active, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$7) RETURNING id`, p.Name, nullID(p.UnitID), p.Title, p.Phone, p.Email, p.Active, ts(now)).Scan(&p.ID)
	return wrap("insert person", err)
}

// UpdatePerson saves a person.
func (tx *Tx) UpdatePerson(ctx context.Context, p domain.Person, now time.Time) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, `UPDATE people SET name=$1, unit_id=$2, title=$3, phone=$4, email=$5, active=$6, updated_at=$7 WHERE id=$8`,
		p.Name, nullID(p.UnitID), p.Title, p.Phone, p.Email, p.Active, ts(now), p.ID)
	return affected("update person", p.ID, res, err)
}

// Posts returns every post, current and past.
func (r *Reader) Posts(ctx context.Context) ([]domain.Post, error) {
	return collect(ctx, r.q, "list posts", "SELECT id, person_id, unit_id, title, start_date, end_date FROM posts ORDER BY unit_id, start_date, id", nil,
		func(sc scanner) (domain.Post, error) {
			var p domain.Post
			err := sc.Scan(&p.ID, &p.PersonID, &p.UnitID, &p.Title, &p.Start, &p.End)
			return p, err
		})
}

// InsertPost stores a post and sets its ID.
func (tx *Tx) InsertPost(ctx context.Context, p *domain.Post) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, "INSERT INTO posts (person_id, unit_id, title, start_date, end_date) VALUES ($1,$2,$3,$4,$5) RETURNING id",
		p.PersonID, p.UnitID, p.Title, p.Start, p.End).Scan(&p.ID)
	return wrap("insert post", err)
}

// EndPost closes a post on a date; the row stays as history.
func (tx *Tx) EndPost(ctx context.Context, id domain.ID, end domain.Date) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, "UPDATE posts SET end_date=$1 WHERE id=$2", end, id)
	return affected("end post", id, res, err)
}

// Leaderships returns every leadership, current and past.
func (r *Reader) Leaderships(ctx context.Context) ([]domain.Leadership, error) {
	return collect(ctx, r.q, "list leaderships", "SELECT id, person_id, group_kind, group_id, role, start_date, end_date FROM leaderships ORDER BY group_kind, group_id, role, id", nil,
		func(sc scanner) (domain.Leadership, error) {
			var l domain.Leadership
			err := sc.Scan(&l.ID, &l.PersonID, &l.Group, &l.GroupID, &l.Role, &l.Start, &l.End)
			return l, err
		})
}

// InsertLeadership stores a leadership and sets its ID.
func (tx *Tx) InsertLeadership(ctx context.Context, l *domain.Leadership) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, "INSERT INTO leaderships (person_id, group_kind, group_id, role, start_date, end_date) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
		l.PersonID, l.Group, l.GroupID, l.Role, l.Start, l.End).Scan(&l.ID)
	return wrap("insert leadership", err)
}

// EndLeadership closes a leadership on a date.
func (tx *Tx) EndLeadership(ctx context.Context, id domain.ID, end domain.Date) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, "UPDATE leaderships SET end_date=$1 WHERE id=$2", end, id)
	return affected("end leadership", id, res, err)
}

func affected(op string, id any, res sql.Result, err error) error {
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return notFound(op, id)
	}
	return nil
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func joinLines(ss []string) string { return strings.Join(ss, "\n") }
