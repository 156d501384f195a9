// flite synthesis: process-wide voices, one synthesis at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace heed {

struct VoiceInfo {
  std::string id;
  int sampleRate;
};

// Initialises flite and registers the voices (once per process), then lists them.
const std::vector<VoiceInfo>& FliteVoices();

enum class SynthStatus { Ok, UnknownVoice, Failed };

// Synthesizes `text` with voice `voice_id` into `pcm` at `*sample_rate`. Whitespace-only text
// yields no samples. Thread-safe (serialised by a mutex).
SynthStatus FliteSynthesize(const std::string& text, const std::string& voice_id,
                            std::vector<int16_t>* pcm, int* sample_rate);

// Letter-to-sound through flite's CMU lexicon: the word's phones in the CMU/pocketsphinx phone set
// (upper case, no stress, "AX" folded into "AH"), space-separated. False when flite gives none.
bool FlitePronounce(const std::string& word, std::string* phones);

}  // namespace heed
