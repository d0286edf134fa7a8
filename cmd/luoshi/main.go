// Command luoshi runs the luoshi server and its tools.
package main

import (
	"context"
	"os"

	"github.com/luoshi/luoshi/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv))
}
