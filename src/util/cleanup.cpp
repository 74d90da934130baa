#include "collab/util/cleanup.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <mutex>
#include <unistd.h>

namespace collab::util {

namespace {

// A fixed table, never reallocated, so the signal handler can walk it: a slot is live while
// `used` is set, and its path is written before `used` is published.
constexpr int k_slots = 32;
constexpr size_t k_path_max = 4096;
struct Slot {
  std::atomic<bool> used{false};
  char path[k_path_max];
};
Slot g_slots[k_slots];
std::mutex g_mutex; // registration only; the handler never takes it

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
/// What each signal did before on_signal took it: the pager's handler (which waits for the
/// pager before collab dies) or the default.
struct sigaction g_previous[std::size(k_signals)];
volatile sig_atomic_t g_handled = 0; ///< on_signal ran once: the second time, the default

void remove_all() noexcept
{
  for (Slot& s : g_slots)
    if (s.used.exchange(false))
      ::unlink(s.path); // async-signal-safe
}

extern "C" void on_signal(int sig)
{
  const int saved = errno;
  remove_all();
  // Die of the same signal, as the caller expects (exit status 128 + sig in a shell), through
  // what handled it before us: the signal stays blocked until we return, then that runs.
  bool chained = false;
  if (!g_handled) {
    g_handled = 1;
    for (size_t i = 0; i < std::size(k_signals); ++i)
      if (k_signals[i] == sig && g_previous[i].sa_handler != SIG_DFL && g_previous[i].sa_handler != SIG_IGN &&
          g_previous[i].sa_handler != on_signal)
        chained = ::sigaction(sig, &g_previous[i], nullptr) == 0;
  }
  if (!chained)
    ::signal(sig, SIG_DFL);
  ::raise(sig);
  errno = saved;
}

extern "C" void on_exit_cleanup() { remove_all(); }

/// Installs the handlers (again, when something replaced them since), leaving alone signals
/// the parent told us to ignore; registers the exit cleanup once.
void install_handlers()
{
  for (size_t i = 0; i < std::size(k_signals); ++i) {
    const int sig = k_signals[i];
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN || old.sa_handler == on_signal)
      continue;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(sig, &sa, &g_previous[i]);
  }
  static std::once_flag once;
  std::call_once(once, [] { std::atexit(on_exit_cleanup); });
}

int take_slot(const std::filesystem::path& p)
{
  const std::string& s = p.native();
  if (s.size() >= k_path_max)
    return -1; // not watched; the next write's stale-file sweep removes it
  install_handlers();
  std::lock_guard<std::mutex> hold(g_mutex);
  for (int i = 0; i < k_slots; ++i) {
    if (g_slots[i].used.load())
      continue;
    std::memcpy(g_slots[i].path, s.c_str(), s.size() + 1);
    g_slots[i].used.store(true);
    return i;
  }
  return -1;
}

} // namespace

CleanupPath::CleanupPath(const std::filesystem::path& p) { watch(p); }

CleanupPath::~CleanupPath() { remove(); }

void CleanupPath::watch(const std::filesystem::path& p)
{
  dismiss();
  m_slot = take_slot(p);
}

void CleanupPath::dismiss()
{
  if (m_slot >= 0)
    g_slots[m_slot].used.store(false);
  m_slot = -1;
}

void CleanupPath::remove()
{
  if (m_slot >= 0 && g_slots[m_slot].used.exchange(false))
    ::unlink(g_slots[m_slot].path);
  m_slot = -1;
}

DeferSignals::DeferSignals()
{
  sigset_t block;
  sigemptyset(&block);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT})
    sigaddset(&block, sig);
  ::sigprocmask(SIG_BLOCK, &block, &m_old);
}

DeferSignals::~DeferSignals() { ::sigprocmask(SIG_SETMASK, &m_old, nullptr); }

bool process_alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

} // namespace collab::util
