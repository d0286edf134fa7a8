package cli

import (
	"context"

	"github.com/luoshi/luoshi/internal/app"
)

func runDemo(ctx context.Context, c *cmdContext, args []string) error  { return usageError("demo") }
func (c *cmdContext) ensureDemo(ctx context.Context, a *app.App) error { return nil }
