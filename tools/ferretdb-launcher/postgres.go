package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// The PostgreSQL cluster FerretDB stores its data in: created in <data-dir>/pg on first use,
// started as this process's child (it stops when the launcher stops, or dies), reachable only
// through a private Unix socket. PostgreSQL refuses to run as root, so as root (CI) the cluster
// belongs to the `postgres` system user that Debian's package creates.

const (
	pgSuperuser = "ferretdb"
	pgDatabase  = "postgres"
	pgPort      = 5432 // only names the socket file; nothing listens on TCP
)

type cluster struct {
	dataDir   string // <data-dir>/pg
	socketDir string
	durable   bool
	bin       string
	owner     *syscall.Credential // nil: run as the current user
	process   *exec.Cmd
	exited    chan struct{}
}

// pgBinDir finds PostgreSQL's server programs: $PG_BINDIR, else the newest Debian installation
// (/usr/lib/postgresql/<major>/bin), else the directory of `postgres` on PATH.
func pgBinDir() (string, error) {
	if dir := os.Getenv("PG_BINDIR"); dir != "" {
		return dir, nil
	}
	installed, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	sort.Slice(installed, func(i, j int) bool { return majorOf(installed[i]) > majorOf(installed[j]) })
	if len(installed) > 0 {
		return filepath.Dir(installed[0]), nil
	}
	if path, err := exec.LookPath("postgres"); err == nil {
		return filepath.Dir(path), nil
	}
	return "", errors.New("PostgreSQL server programs not found: install Debian's postgresql-15 (apt-get install postgresql-15) or set PG_BINDIR")
}

func majorOf(path string) int {
	major, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return major
}

func newCluster(dataDir string, durable bool) (*cluster, error) {
	bin, err := pgBinDir()
	if err != nil {
		return nil, err
	}
	c := &cluster{dataDir: filepath.Join(dataDir, "pg"), durable: durable, bin: bin}
	if os.Geteuid() == 0 {
		if c.owner, err = postgresUser(); err != nil {
			return nil, err
		}
		// The cluster's owner must reach its directory: give traverse-only permission on the way.
		if err := allowTraverse(dataDir); err != nil {
			return nil, err
		}
	}
	// A socket path must stay under ~100 bytes, so it lives in a short private temporary directory.
	if c.socketDir, err = os.MkdirTemp("", "fdbpg"); err != nil {
		return nil, err
	}
	if err := c.chown(dataDir, c.socketDir); err != nil {
		return nil, err
	}
	return c, nil
}

func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, and PostgreSQL refuses root: the `postgres` system user is missing (apt-get install postgresql-15 creates it)")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func allowTraverse(dir string) error {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(d, info.Mode().Perm()|0o001); err != nil {
				return fmt.Errorf("let the postgres user reach %s: %w", dir, err)
			}
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

// chown hands the data directory (recursively) and the socket directory to the cluster's owner.
func (c *cluster) chown(dataDir, socketDir string) error {
	if c.owner == nil {
		return nil
	}
	uid, gid := int(c.owner.Uid), int(c.owner.Gid)
	if err := os.Chown(socketDir, uid, gid); err != nil {
		return err
	}
	return filepath.WalkDir(dataDir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
}

func (c *cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.owner}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	return cmd
}

func (c *cluster) initialized() bool {
	_, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION"))
	return err == nil
}

func (c *cluster) initdb() error {
	args := []string{"-D", c.dataDir, "-U", pgSuperuser, "--auth=trust", "-E", "UTF8", "--no-locale"}
	if !c.durable {
		args = append(args, "--no-sync")
	}
	cmd := c.command("initdb", args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	return nil
}

// settings are the server's options. Durable (npm start, a pilot) keeps PostgreSQL's defaults:
// every acknowledged write is on disk. Fast (tests, benches on a throwaway directory) trades
// crash safety of the whole machine for speed; a stopped or killed engine still loses nothing.
func (c *cluster) settings() []string {
	s := []string{
		"listen_addresses=",
		"unix_socket_directories=" + c.socketDir,
		"port=" + strconv.Itoa(pgPort),
		"max_connections=200",
		"shared_buffers=256MB",
		// FerretDB answers every failed statement (a duplicate key is routine) to its client; the
		// server's own log keeps only what stops it.
		"log_min_messages=fatal",
		"log_checkpoints=off",
	}
	if !c.durable {
		s = append(s, "fsync=off", "synchronous_commit=off", "full_page_writes=off")
	}
	return s
}

func (c *cluster) start(logOut io.Writer) error {
	if !c.initialized() {
		if err := c.initdb(); err != nil {
			return err
		}
	}
	stopStalePostmaster(c.dataDir)
	args := []string{"-D", c.dataDir}
	for _, s := range c.settings() {
		args = append(args, "-c", s)
	}
	c.process = c.command("postgres", args...)
	c.process.Stdout = logOut
	c.process.Stderr = logOut
	// Should the launcher die without stopping it, the kernel asks the server for a fast shutdown.
	c.process.SysProcAttr.Pdeathsig = syscall.SIGINT
	if err := c.process.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	c.exited = make(chan struct{})
	go func() { _ = c.process.Wait(); close(c.exited) }()
	return c.waitReady()
}

func (c *cluster) url() string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d", pgSuperuser, pgDatabase, c.socketDir, pgPort)
}

func (c *cluster) waitReady() error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(context.Background(), c.url())
		if err == nil {
			return conn.Close(context.Background())
		}
		select {
		case <-c.exited:
			return errors.New("postgres exited before it was ready")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop asks for a fast shutdown (sessions end, everything written is kept) and waits for it.
func (c *cluster) stop() {
	defer os.RemoveAll(c.socketDir)
	if c.process == nil || c.process.Process == nil {
		return
	}
	_ = c.process.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		_ = c.process.Process.Signal(syscall.SIGQUIT)
		<-c.exited
	}
}

// stopStalePostmaster ends a server left running on this directory by a launcher that was killed
// before the kernel's death signal reached it, so the new one can take the directory.
func stopStalePostmaster(dataDir string) {
	raw, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), "postgres") || !strings.Contains(string(cmdline), dataDir) {
		return
	}
	_ = syscall.Kill(pid, syscall.SIGINT)
	for i := 0; i < 300; i++ {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
