// Package audit computes and checks the SM3 hash chain of the audit log.
package audit

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/luoshi/luoshi/internal/domain"
)

// Hash returns the hex SM3 hash of e chained to e.PrevHash. Every field but
// Hash itself is covered, each length-prefixed so no two entries collide.
func Hash(e domain.AuditEntry) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	field(e.PrevHash)
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(strconv.FormatInt(e.ActorID, 10))
	field(e.Actor)
	field(e.IP)
	field(e.Action)
	field(e.Entity)
	field(e.EntityID)
	field(e.ClaimedDate.String())
	field(e.Before)
	field(e.After)
	sum := sm3.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// Break describes where a chain stops holding.
type Break struct {
	Seq    int64
	Reason string
}

// Verifier checks entries one by one, in sequence order.
type Verifier struct {
	prev    string
	lastSeq int64
	Count   int64
}

// Next checks e against the entries before it.
func (v *Verifier) Next(e domain.AuditEntry) *Break {
	if e.Seq != v.lastSeq+1 {
		return &Break{Seq: e.Seq, Reason: "sequence gap after " + strconv.FormatInt(v.lastSeq, 10)}
	}
	if e.PrevHash != v.prev {
		return &Break{Seq: e.Seq, Reason: "previous hash does not match"}
	}
	if Hash(e) != e.Hash {
		return &Break{Seq: e.Seq, Reason: "entry hash does not match its content"}
	}
	v.prev, v.lastSeq = e.Hash, e.Seq
	v.Count++
	return nil
}

// Tip returns the sequence and hash of the last entry checked.
func (v *Verifier) Tip() (int64, string) { return v.lastSeq, v.prev }
