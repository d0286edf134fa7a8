package service

import (
	"context"
	"encoding/json"

	"github.com/luoshi/luoshi/internal/store"
)

// Word lists the district office keeps as settings (highlight ambitions,
// accountability measures): JSON arrays, with a built-in default.

// settingList reads the list kept under key, or def when none is kept or
// it cannot be read.
func (s *Service) settingList(ctx context.Context, key string, def []string) ([]string, error) {
	raw, err := s.db.Read().Setting(ctx, key)
	if err != nil || raw == "" {
		return def, err
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil || len(list) == 0 {
		return def, nil
	}
	return list, nil
}

// putSettingList replaces the list under key (already checked) and records
// the change, with the list before, as action.
func (s *Service) putSettingList(ctx context.Context, p *Principal, key, action string, before, list []string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		b, err := json.Marshal(list)
		if err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, key, string(b)); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "setting", EntityID: key, Before: before, After: list})
		return err
	})
}
