package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
)

// Anonymous ballots. What links a ballot to a voter or to the order of
// voting, and what this file does about each:
//
//   - a code, a hash, an account, a time: ballots hold none of them;
//   - an id from a counter: ids are random 63-bit numbers. On SQLite the id
//     is the rowid (INTEGER PRIMARY KEY), so there is no hidden counter and
//     the table's b-tree is ordered by the random id;
//   - PostgreSQL's row versions: xmin is the inserting transaction and ctid
//     the place in the heap, both in the order of voting, and the vote's
//     xmin is shared with the code's update and the audit record. Closing
//     an evaluation rewrites its ballots (and touches its codes) in one
//     transaction in a random order, so that they all carry the closing
//     transaction's xmin and heap places in a random order; CompactBallots
//     then runs VACUUM FULL so that the old versions are gone from the
//     tables' files;
//   - SQLite's write-ahead log holds the pages of recent commits until a
//     checkpoint: CompactBallots checkpoints and truncates it.
//
// What stays: the database server's own logs and WAL archives (the
// operator's to keep or not), and, for peer groups, the rater's unit,
// which a ballot shows by leaving that unit out.

// randomID draws a positive 63-bit id.
func randomID() (int64, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, fmt.Errorf("random id: %w", err)
	}
	return int64(binary.BigEndian.Uint64(b[:])>>1) | 1, nil
}

// InsertBallot stores a ballot under a random id.
func (tx *Tx) InsertBallot(ctx context.Context, evalID domain.ID, b domain.Ballot) error {
	answers, err := marshalAnswers(b.Answers)
	if err != nil {
		return err
	}
	for range 5 {
		id, err := randomID()
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, "INSERT INTO eval_ballots (id, evaluation_id, group_key, answers) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING",
			id, evalID, b.Group, answers)
		if err != nil {
			return wrap("insert ballot", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
	}
	return fmt.Errorf("insert ballot: no free random id")
}

func marshalAnswers(a map[domain.ID]domain.BallotAnswer) (string, error) {
	m := make(map[string]domain.BallotAnswer, len(a))
	for id, v := range a {
		m[strconv.FormatInt(id, 10)] = v
	}
	out, err := json.Marshal(m) // keys sorted: the text says nothing of the order answered
	return string(out), err
}

func unmarshalAnswers(s string) (map[domain.ID]domain.BallotAnswer, error) {
	var m map[string]domain.BallotAnswer
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	out := make(map[domain.ID]domain.BallotAnswer, len(m))
	for k, v := range m {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, nil
}

// Ballots reads an evaluation's ballots (in no meaningful order).
func (r *Reader) Ballots(ctx context.Context, evalID domain.ID) ([]domain.Ballot, error) {
	return collect(ctx, r.q, "read ballots", "SELECT group_key, answers FROM eval_ballots WHERE evaluation_id = $1 ORDER BY id", []any{evalID},
		func(sc scanner) (domain.Ballot, error) {
			var b domain.Ballot
			var answers string
			if err := sc.Scan(&b.Group, &answers); err != nil {
				return b, err
			}
			var err error
			b.Answers, err = unmarshalAnswers(answers)
			return b, err
		})
}

// ShuffleBallots rewrites an evaluation's ballots in a random order and
// touches its codes, on PostgreSQL, so that their row versions no longer
// show the order of voting (see the top of this file). On SQLite there is
// nothing to rewrite.
func (tx *Tx) ShuffleBallots(ctx context.Context, evalID domain.ID) error {
	if tx.dialect != Postgres {
		return nil
	}
	type row struct {
		id             int64
		group, answers string
	}
	rows, err := collect(ctx, tx.q, "read ballots", "SELECT id, group_key, answers FROM eval_ballots WHERE evaluation_id = $1", []any{evalID},
		func(sc scanner) (row, error) {
			var x row
			return x, sc.Scan(&x.id, &x.group, &x.answers)
		})
	if err != nil {
		return err
	}
	mrand.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	if _, err := tx.exec(ctx, "DELETE FROM eval_ballots WHERE evaluation_id = $1", evalID); err != nil {
		return wrap("clear ballots", err)
	}
	for _, x := range rows {
		id, err := randomID()
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO eval_ballots (id, evaluation_id, group_key, answers) VALUES ($1,$2,$3,$4)", id, evalID, x.group, x.answers); err != nil {
			return wrap("rewrite ballot", err)
		}
	}
	if _, err := tx.exec(ctx, "UPDATE eval_codes SET used = used WHERE evaluation_id = $1", evalID); err != nil {
		return wrap("rewrite codes", err)
	}
	return nil
}

// CompactBallots removes what old row versions and logs keep of the order
// of voting, after ShuffleBallots has committed: VACUUM FULL of the ballot
// and code tables on PostgreSQL, a truncating checkpoint of SQLite's WAL.
func (db *DB) CompactBallots(ctx context.Context) error {
	if db.dialect == Postgres {
		for _, t := range []string{"eval_ballots", "eval_codes"} {
			if _, err := db.write.ExecContext(ctx, "VACUUM FULL "+t); err != nil {
				return fmt.Errorf("vacuum %s: %w", t, err)
			}
		}
		return nil
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	if err := db.openWriter(); err != nil {
		return err
	}
	if _, err := db.wconn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
