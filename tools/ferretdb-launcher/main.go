// Command ferretdb-launcher runs FerretDB 1.24 on PostgreSQL as a MongoDB-wire server on loopback.
//
// Usage: ferretdb-launcher [-durable] [-serialize writes|all|none] <port> <data-dir>
//
// It creates (first run) and starts a PostgreSQL cluster in <data-dir>/pg, reachable only through
// a private Unix socket, runs FerretDB on it, prints "ready mongodb://127.0.0.1:<port>/" once the
// port accepts connections, and stops both cleanly on SIGTERM or SIGINT. It never configures a
// replica set, so drivers refuse transactions instead of silently running without them.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	// FerretDB allocates short-lived objects for every field of every document it converts, so under
	// load Go's collector runs often; the live heap is small (tens of MB), so collecting four times
	// less often (GOGC=400) costs little memory. Measured in docs/database.md. GOGC in the
	// environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	durable := flag.Bool("durable", false, "keep PostgreSQL's crash-safe defaults (fsync, synchronous commit)")
	serialize := flag.String("serialize", "writes", "which commands the front end serializes per collection: writes, all or none (none is for measurements: FerretDB 1.x writes race)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: ferretdb-launcher [-durable] [-serialize writes|all|none] <port> <data-dir>")
		os.Exit(2)
	}
	port, err := strconv.Atoi(flag.Arg(0))
	if err != nil || port <= 0 || port > 65535 {
		fmt.Fprintf(os.Stderr, "invalid port %q\n", flag.Arg(0))
		os.Exit(2)
	}
	dir, err := filepath.Abs(flag.Arg(1))
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "data directory: %v\n", err)
		os.Exit(2)
	}
	os.Exit(run(port, dir, *durable, *serialize))
}

func run(port int, dir string, durable bool, serialize string) int {
	pg, err := newCluster(dir, durable)
	if err != nil {
		fmt.Fprintf(os.Stderr, "postgres: %v\n", err)
		return 1
	}
	if err := pg.start(os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "postgres: %v\n", err)
		pg.stop()
		return 1
	}
	defer pg.stop()
	if err := installEqualityIndexes(context.Background(), pg.url()); err != nil {
		fmt.Fprintf(os.Stderr, "postgres: equality indexes: %v\n", err)
		return 1
	}

	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// FerretDB itself listens on a private Unix socket; clients reach it through the serializing
	// front end on the TCP port (see serialize.go for why).
	socketDir, err := os.MkdirTemp("", "fdb")
	if err != nil {
		fmt.Fprintf(os.Stderr, "socket directory: %v\n", err)
		return 1
	}
	defer os.RemoveAll(socketDir)
	socket := filepath.Join(socketDir, "ferretdb.sock")

	// FerretDB logs every connection at info level; warnings are what an operator needs here.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{Unix: socket},
		Logger:        logger,
		Handler:       "postgresql",
		PostgreSQLURL: pg.url(),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		return 1
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
			return 1
		default:
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "ferretdb not ready on %s: %v\n", addr, dialErr)
			stop()
			<-done
			return 1
		}
		time.Sleep(50 * time.Millisecond)
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "listen %s: %v\n", addr, err)
		stop()
		<-done
		return 1
	}
	go (&serializingProxy{backendNetwork: "unix", backendAddress: socket, serialize: serialize}).serve(listener)
	fmt.Printf("ready mongodb://%s/\n", addr)

	select {
	case <-ctx.Done():
	case <-done:
	}
	listener.Close()
	stop()
	<-done
	return 0
}
