// Command ferretdb-launcher runs FerretDB 1.24 (SQLite backend) as a MongoDB-wire server on loopback.
//
// Usage: ferretdb-launcher <port> <data-dir>
//
// It prints "ready mongodb://127.0.0.1:<port>/" once the port accepts connections and exits
// cleanly on SIGTERM or SIGINT. It never configures a replica set, so drivers refuse transactions
// instead of silently running without them.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: ferretdb-launcher <port> <data-dir>")
		os.Exit(2)
	}
	port, err := strconv.Atoi(os.Args[1])
	if err != nil || port <= 0 || port > 65535 {
		fmt.Fprintf(os.Stderr, "invalid port %q\n", os.Args[1])
		os.Exit(2)
	}
	dir, err := filepath.Abs(os.Args[2])
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "data directory: %v\n", err)
		os.Exit(2)
	}

	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// FerretDB logs every connection at info level; warnings are what an operator needs here.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// Run binds the listener asynchronously; report readiness only once a client could connect.
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, dialErr := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if dialErr == nil {
			conn.Close()
			break
		}
		select {
		case <-done:
			fmt.Fprintln(os.Stderr, "ferretdb stopped before it was ready")
			os.Exit(1)
		default:
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "ferretdb not ready on %s: %v\n", addr, dialErr)
			os.Exit(1)
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("ready mongodb://%s/\n", addr)

	<-done
}
