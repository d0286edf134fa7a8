package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// runUser manages accounts from the command line, as the operator:
//
//	luoshi user list
//	luoshi user add LOGIN [--name N] [--person ID] [--password P]
//	luoshi user passwd LOGIN [--password P] [--must-change]
//	luoshi user grant LOGIN ROLE[:UNIT] …   (replaces the account's roles)
//	luoshi user unlock|disable|enable LOGIN
func runUser(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 {
		return usageError(c.p.T("cli.user.usage"))
	}
	sub, rest := args[0], args[1:]
	fs := c.flags("user " + sub)
	db := c.dbFlag(fs)
	name := fs.String("name", "", c.p.T("cli.flag.display_name"))
	person := fs.Int64("person", 0, c.p.T("cli.flag.person"))
	password := fs.String("password", "", c.p.T("cli.flag.password"))
	mustChange := fs.Bool("must-change", false, c.p.T("cli.flag.must_change"))
	if err := fs.Parse(reorder(rest)); err != nil {
		return err
	}
	pos := fs.Args()
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Service
	op := service.SystemPrincipal("cli")
	account := func() (domain.Account, error) {
		if len(pos) < 1 {
			return domain.Account{}, usageError(c.p.T("cli.user.usage"))
		}
		accts, err := svc.Accounts(ctx, op)
		if err != nil {
			return domain.Account{}, err
		}
		for _, ac := range accts {
			if ac.Login == pos[0] {
				return ac, nil
			}
		}
		return domain.Account{}, usageError(c.p.T("cli.user.unknown", pos[0]))
	}
	switch sub {
	case "list":
		accts, err := svc.Accounts(ctx, op)
		if err != nil {
			return err
		}
		m, err := svc.Model(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, c.p.T("cli.user.list_header"))
		for _, ac := range accts {
			var roles []string
			for _, g := range ac.Grants {
				r := c.p.T("role." + string(g.Role))
				if g.UnitID != 0 {
					r += "@" + m.UnitName(g.UnitID)
				}
				roles = append(roles, r)
			}
			locked := ""
			if ac.LockedUntil.After(svc.Now()) {
				locked = c.p.T("cli.user.locked")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ac.Login, ac.DisplayName, ac.Status, strings.Join(roles, "，"), locked)
		}
		return tw.Flush()
	case "add":
		if len(pos) != 1 {
			return usageError(c.p.T("cli.user.usage"))
		}
		acct, pw, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: pos[0], DisplayName: *name, PersonID: *person, Password: *password})
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.user.created", acct.Login, pw))
		return nil
	case "passwd":
		acct, err := account()
		if err != nil {
			return err
		}
		if *password == "" {
			pw, err := svc.ResetPassword(ctx, op, acct.ID)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.Out, c.p.T("cli.user.reset", acct.Login, pw))
			return nil
		}
		if err := svc.SetPasswordAsOperator(ctx, op, acct.Login, *password, *mustChange); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.user.password_set", acct.Login))
		return nil
	case "grant":
		acct, err := account()
		if err != nil {
			return err
		}
		m, err := svc.Model(ctx)
		if err != nil {
			return err
		}
		var grants []domain.Grant
		for _, spec := range pos[1:] {
			role, unit, _ := strings.Cut(spec, ":")
			g := domain.Grant{Role: domain.Role(role)}
			if unit != "" {
				if id, err := strconv.ParseInt(unit, 10, 64); err == nil {
					g.UnitID = id
				} else if u := m.UnitByName(unit); u != nil {
					g.UnitID = u.ID
				} else {
					return usageError(c.p.T("cli.user.unknown_unit", unit))
				}
			}
			grants = append(grants, g)
		}
		if err := svc.SetGrants(ctx, op, acct.ID, grants); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.user.granted", acct.Login, len(grants)))
		return nil
	case "unlock":
		acct, err := account()
		if err != nil {
			return err
		}
		if err := svc.Unlock(ctx, op, acct.ID); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.user.unlocked", acct.Login))
		return nil
	case "disable", "enable":
		acct, err := account()
		if err != nil {
			return err
		}
		st := domain.AccountActive
		if sub == "disable" {
			st = domain.AccountDisabled
		}
		if err := svc.SetAccountStatus(ctx, op, acct.ID, st); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.user.status_set", acct.Login, st))
		return nil
	}
	return usageError(c.p.T("cli.user.usage"))
}

// reorder moves flags before positional arguments, so that
// "user add alice --name 张三" parses like "user add --name 张三 alice".
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && !isBoolFlag(a) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func isBoolFlag(a string) bool {
	a = strings.TrimLeft(a, "-")
	return a == "must-change" || a == "json" || a == "create-units" || a == "demo" || a == "dry-run" ||
		a == "remove" || a == "upheld" || a == "partial" || a == "rejected" || a == "each-unit"
}
