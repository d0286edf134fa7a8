package cli

import (
	"context"

	"github.com/luoshi/luoshi/internal/app"
)

func openApp(ctx context.Context, cfg app.Config) (*app.App, error) { return app.Open(ctx, cfg) }
