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
	// FerretDB itself listens on a private Unix socket; clients reach it through the serializing
	// front end on the TCP port (see serialize.go for why).
	socketDir, err := os.MkdirTemp("", "fdb")
	if err != nil {
		fmt.Fprintf(os.Stderr, "socket directory: %v\n", err)
		os.Exit(1)
	}
	defer os.RemoveAll(socketDir)
	socket := filepath.Join(socketDir, "ferretdb.sock")

	// FerretDB logs every connection at info level; warnings are what an operator needs here.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
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
		conn, dialErr := net.DialTimeout("unix", socket, 200*time.Millisecond)
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
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "listen %s: %v\n", addr, err)
		stop()
		<-done
		os.Exit(1)
	}
	go (&serializingProxy{backendNetwork: "unix", backendAddress: socket}).serve(listener)
	fmt.Printf("ready mongodb://%s/\n", addr)

	select {
	case <-ctx.Done():
	case <-done:
	}
	listener.Close()
	<-done
}
