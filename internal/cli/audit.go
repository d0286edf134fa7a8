package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// runAudit: "luoshi audit verify" checks the SM3 chain; "luoshi audit log
// [--limit N] [--entity E] [--id ID]" prints recent entries.
func runAudit(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 {
		return usageError(c.p.T("cli.audit.usage"))
	}
	sub := args[0]
	fs := c.flags("audit " + sub)
	db := c.dbFlag(fs)
	limit := fs.Int("limit", 50, c.p.T("cli.flag.limit"))
	entity := fs.String("entity", "", c.p.T("cli.flag.entity"))
	id := fs.String("id", "", c.p.T("cli.flag.entity_id"))
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	op := service.SystemPrincipal("cli")
	switch sub {
	case "verify":
		res, err := a.Service.VerifyAudit(ctx, op)
		if err != nil {
			return err
		}
		if res.OK {
			fmt.Fprintln(c.Out, c.p.T("cli.audit.ok", res.Entries, res.TipHash))
			return nil
		}
		return fmt.Errorf("%s", c.p.T("cli.audit.broken", res.Break.Seq, res.Break.Reason))
	case "log":
		es, err := a.Service.AuditLog(ctx, op, store.AuditFilter{Entity: *entity, EntityID: *id, Limit: *limit})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
		for _, e := range es {
			claimed := ""
			if !e.ClaimedDate.IsZero() {
				claimed = e.ClaimedDate.String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(e.Seq, 10), e.At.In(a.Service.Location()).Format("2006-01-02 15:04:05"),
				e.Actor, e.Action, e.Entity+":"+e.EntityID, claimed)
		}
		return tw.Flush()
	}
	return usageError(c.p.T("cli.audit.usage"))
}
