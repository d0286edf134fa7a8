package domain_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// The domain renders scheme problems in zh-Hans itself; the catalog holds
// the same wording (and the other languages) under assess.err.<code>.
func TestSchemeProblemWordingMatchesCatalog(t *testing.T) {
	pr := i18n.Default().Printer(i18n.ZhHans)
	for code, zh := range domain.SchemeProblemCodes() {
		if got := pr.T("assess.err." + code); got != zh {
			t.Errorf("assess.err.%s: catalog %q, domain %q", code, got, zh)
		}
	}
}

// Every formula key and input label the engine writes has its wording.
func TestFormulaWordingInCatalog(t *testing.T) {
	pr := i18n.Default().Printer(i18n.ZhHans)
	keys := []string{"tasks", "indicators", "supervision", "supervision_none", "rank", "rank_missing", "manual_mean", "manual_median",
		"manual_trimmed", "manual_max", "manual_min", "manual_missing", "manual_none", "veto", "veto_none", "evaluation", "evaluation_missing", "sum"}
	for _, k := range keys {
		if !pr.Has("assess.formula." + k) {
			t.Errorf("no assess.formula.%s", k)
		}
	}
	for _, l := range []string{"max", "tasks", "attainment", "overdue", "lagging", "missing", "late", "exempt", "deduction", "cap", "indicator",
		"closed", "closed_on_time", "on_time_rate", "red", "unverified", "value", "place", "ranked", "step", "examiner_score", "veto_entries",
		"evaluation_result", "children_sum"} {
		if !pr.Has("assess.input." + l) {
			t.Errorf("no assess.input.%s", l)
		}
	}
}
