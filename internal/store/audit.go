package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/audit"
	"github.com/luoshi/luoshi/internal/domain"
)

type chainHead struct {
	seq, structureSeq, authSeq, progressSeq int64
	hash                                    string
	dirty                                   bool
}

func (tx *Tx) lockHead(ctx context.Context) error {
	q := "SELECT seq, hash, structure_seq, auth_seq, progress_seq FROM audit_head WHERE id = 1"
	if tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	err := tx.queryRow(ctx, q).Scan(&tx.head.seq, &tx.head.hash, &tx.head.structureSeq, &tx.head.authSeq, &tx.head.progressSeq)
	if err != nil {
		return fmt.Errorf("lock audit head: %w", err)
	}
	return nil
}

func (tx *Tx) saveHead(ctx context.Context) error {
	if !tx.head.dirty {
		return nil
	}
	if tx.structural {
		tx.head.structureSeq = tx.head.seq
	}
	if tx.authChanged {
		tx.head.authSeq = tx.head.seq
	}
	if tx.progressChanged {
		tx.head.progressSeq = tx.head.seq
	}
	_, err := tx.exec(ctx, "UPDATE audit_head SET seq = $1, hash = $2, structure_seq = $3, auth_seq = $4, progress_seq = $5 WHERE id = 1",
		tx.head.seq, tx.head.hash, tx.head.structureSeq, tx.head.authSeq, tx.head.progressSeq)
	if err != nil {
		return fmt.Errorf("save audit head: %w", err)
	}
	return nil
}

// Actor is who makes a change, as the audit log records it.
type Actor struct {
	ID    domain.ID
	Login string
	IP    string
}

// Change describes one change of state for the audit log. Before and After
// are marshalled to JSON; nil means "did not exist" / "no longer exists".
type Change struct {
	Action      string
	Entity      string
	EntityID    any
	ClaimedDate domain.Date
	Before      any
	After       any
}

// Audit appends a change to the chain and returns its sequence number.
func (tx *Tx) Audit(ctx context.Context, a Actor, at time.Time, c Change) (int64, error) {
	if tx.unaudited {
		return 0, errUnaudited
	}
	e := domain.AuditEntry{
		Seq:         tx.head.seq + 1,
		At:          at.UTC().Truncate(time.Microsecond),
		ActorID:     a.ID,
		Actor:       a.Login,
		IP:          a.IP,
		Action:      c.Action,
		Entity:      c.Entity,
		ClaimedDate: c.ClaimedDate,
		PrevHash:    tx.head.hash,
	}
	if c.EntityID != nil {
		e.EntityID = fmt.Sprint(c.EntityID)
	}
	var err error
	if e.Before, err = marshalState(c.Before); err != nil {
		return 0, err
	}
	if e.After, err = marshalState(c.After); err != nil {
		return 0, err
	}
	e.Hash = audit.Hash(e)
	_, err = tx.exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor, ip, action, entity, entity_id,
		claimed_date, before_json, after_json, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
		e.Seq, ts(e.At), nullID(e.ActorID), e.Actor, e.IP, e.Action, e.Entity, e.EntityID, e.ClaimedDate,
		nullString(e.Before), nullString(e.After), e.PrevHash, e.Hash)
	if err != nil {
		return 0, fmt.Errorf("append audit %s: %w", c.Action, err)
	}
	tx.head.seq, tx.head.hash, tx.head.dirty = e.Seq, e.Hash, true
	tx.audited = true
	return e.Seq, nil
}

// NextSeq is the sequence number the next Audit call will get.
func (tx *Tx) NextSeq() int64 { return tx.head.seq + 1 }

func marshalState(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("marshal audit state: %w", err)
	}
	return string(b), nil
}

// Head returns the current audit sequence and the last sequence that changed
// structure. Read models compare them with what they loaded.
func (r *Reader) Head(ctx context.Context) (seq, structureSeq int64, err error) {
	h, err := r.Heads(ctx)
	return h.Seq, h.Structure, err
}

// Heads are the audit head's sequences.
type Heads struct {
	// Seq is the last change of any kind; Structure the last to org, plans
	// or tasks; Auth the last to accounts, roles, sessions or tokens;
	// Progress the last approval of progress.
	Seq, Structure, Auth, Progress int64
}

// Heads reads all of the audit head's sequences.
func (r *Reader) Heads(ctx context.Context) (Heads, error) {
	var h Heads
	err := r.q.QueryRowContext(ctx, "SELECT seq, structure_seq, auth_seq, progress_seq FROM audit_head WHERE id = 1").Scan(&h.Seq, &h.Structure, &h.Auth, &h.Progress)
	if err != nil {
		err = fmt.Errorf("read audit head: %w", err)
	}
	return h, err
}

// AuditFilter narrows an audit log listing.
type AuditFilter struct {
	Entity    string
	EntityID  string
	ActorID   domain.ID
	Action    string
	BeforeSeq int64 // entries with seq below this; 0 = from the newest
	Limit     int
}

const auditCols = `seq, at, actor_id, actor, ip, action, entity, entity_id, claimed_date, before_json, after_json, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var at nullTime
	var actorID sql.NullInt64
	var before, after sql.NullString
	err := sc.Scan(&e.Seq, &at, &actorID, &e.Actor, &e.IP, &e.Action, &e.Entity, &e.EntityID, &e.ClaimedDate, &before, &after, &e.PrevHash, &e.Hash)
	e.At, e.ActorID, e.Before, e.After = at.T, actorID.Int64, before.String, after.String
	return e, err
}

// AuditEntries lists entries newest first.
func (r *Reader) AuditEntries(ctx context.Context, f AuditFilter) ([]domain.AuditEntry, error) {
	q := "SELECT " + auditCols + " FROM audit_log WHERE 1=1"
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = $%d", f.EntityID)
	}
	if f.ActorID != 0 {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if f.BeforeSeq > 0 {
		add("seq < $%d", f.BeforeSeq)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q += fmt.Sprintf(" ORDER BY seq DESC LIMIT %d", f.Limit)
	rows, err := r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// WalkAudit calls fn for every entry in sequence order, in batches.
func (r *Reader) WalkAudit(ctx context.Context, fn func(domain.AuditEntry) error) error {
	var after int64
	for {
		rows, err := r.q.QueryContext(ctx, "SELECT "+auditCols+" FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000", after)
		if err != nil {
			return fmt.Errorf("walk audit: %w", err)
		}
		n := 0
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			after = e.Seq
			if err := fn(e); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

// AuditTip returns the head's sequence and hash.
func (r *Reader) AuditTip(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := r.q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash)
	return seq, hash, err
}
