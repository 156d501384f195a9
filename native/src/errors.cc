#include "errors.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <sphinxbase/err.h>

namespace heed {
namespace {

constexpr size_t kMaxLog = 8192;
thread_local std::string tl_log;
bool g_echo = false;

// sphinxbase calls this from whichever thread logs; the buffer is per thread, so decoders in
// different worker threads never see each other's messages.
void SphinxLogCallback(void* /*user_data*/, err_lvl_t level, const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (g_echo) std::fputs(buf, stderr);
  if (level < ERR_WARN) return;
  if (tl_log.size() > kMaxLog) tl_log.erase(0, tl_log.size() - kMaxLog / 2);
  tl_log += buf;
  if (tl_log.empty() || tl_log.back() != '\n') tl_log += '\n';
}

std::once_flag g_hook_once;

}  // namespace

void ThrowCoded(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, code));
  throw err;
}

void InstallSphinxLogHook() {
  std::call_once(g_hook_once, [] {
    const char* echo = std::getenv("HEED_PS_LOG");
    g_echo = echo != nullptr && echo[0] == '1';
    // Without a log file pocketsphinx still dumps its configuration to stderr on every ps_init.
    if (!g_echo) err_set_logfp(nullptr);
    err_set_callback(SphinxLogCallback, nullptr);
  });
}

void ClearSphinxLog() { tl_log.clear(); }

std::string TakeSphinxLog() {
  std::string out;
  size_t start = 0;
  while (start < tl_log.size()) {
    size_t end = tl_log.find('\n', start);
    if (end == std::string::npos) end = tl_log.size();
    std::string line = tl_log.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) {
      if (!out.empty()) out += "; ";
      out += line;
    }
    start = end + 1;
  }
  tl_log.clear();
  return out;
}

}  // namespace heed
