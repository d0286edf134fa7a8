package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/luoshi/luoshi/internal/app"
)

func openApp(ctx context.Context, cfg app.Config) (*app.App, error) { return app.Open(ctx, cfg) }

// writeOutput writes data to path and says so with the command's message
// (writtenKey takes the path); with no path it writes data to stdout.
func (c *cmdContext) writeOutput(path string, data []byte, writtenKey string) error {
	if path == "" {
		_, err := c.Out.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Fprintln(c.Out, c.p.T(writtenKey, filepath.Clean(path)))
	return nil
}
