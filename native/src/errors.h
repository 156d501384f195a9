// Coded JS errors and the capture of sphinxbase's log output.
#pragma once

#include <napi.h>

#include <string>

namespace heed {

// Throws a JS Error whose `.code` is `code` (e.g. "DECODER_STATE").
[[noreturn]] void ThrowCoded(Napi::Env env, const char* code, const std::string& message);

// Installs (once per process) a sphinxbase log callback that keeps warnings and errors in a
// per-thread buffer instead of printing them. Set HEED_PS_LOG=1 to also echo everything to stderr.
void InstallSphinxLogHook();

// Empties this thread's buffer of captured sphinxbase messages.
void ClearSphinxLog();

// Returns this thread's captured warnings/errors (one per line, trimmed) and empties the buffer.
std::string TakeSphinxLog();

}  // namespace heed
