package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/audit"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// AuditLog lists audit entries; only the auditor (or the operator) reads them.
func (s *Service) AuditLog(ctx context.Context, p *Principal, f store.AuditFilter) ([]domain.AuditEntry, error) {
	if err := requireAny(ctx, p, domain.RoleAuditor); err != nil {
		return nil, err
	}
	return s.db.Read().AuditEntries(ctx, f)
}

// VerifyResult is the outcome of checking the audit chain.
type VerifyResult struct {
	Entries int64        `json:"entries"`
	TipSeq  int64        `json:"tip_seq"`
	TipHash string       `json:"tip_hash"`
	OK      bool         `json:"ok"`
	Break   *audit.Break `json:"break,omitempty"`
}

var errStop = errors.New("stop")

// VerifyAudit walks the whole chain and checks every hash and link, and
// that the head matches the last entry.
func (s *Service) VerifyAudit(ctx context.Context, p *Principal) (*VerifyResult, error) {
	if err := requireAny(ctx, p, domain.RoleAuditor); err != nil {
		return nil, err
	}
	var v audit.Verifier
	res := &VerifyResult{}
	err := s.db.Snapshot(ctx, func(r *store.Reader) error {
		err := r.WalkAudit(ctx, func(e domain.AuditEntry) error {
			if b := v.Next(e); b != nil {
				res.Break = b
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
		seq, hash, err := r.AuditTip(ctx)
		if err != nil {
			return err
		}
		res.TipSeq, res.TipHash = seq, hash
		if lastSeq, lastHash := v.Tip(); res.Break == nil && (lastSeq != seq || lastHash != hash) {
			res.Break = &audit.Break{Seq: lastSeq + 1, Reason: "head does not match the last entry"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Entries = v.Count
	res.OK = res.Break == nil
	return res, nil
}
