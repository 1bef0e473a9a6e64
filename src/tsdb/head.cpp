#include "tsdb/head.hpp"

#include <stdexcept>

namespace mw::tsdb {
namespace {

// Times from 1970 to about 36,800 AD: keeps window arithmetic far from int64 overflow.
constexpr std::int64_t kMaxHeadSeconds = std::int64_t{1} << 40;

}  // namespace

Head::Head(HeadOptions options) : options_(options) {
  // Programmer errors: a window must fit the 32-bit offsets of PackedSample.
  if (options_.window.count() <= 0 || options_.window.count() > INT32_MAX) {
    throw std::invalid_argument("HeadOptions::window must be 1 s to 68 years");
  }
  if (options_.max_samples == 0 || options_.max_samples > kMaxChunkSamples) {
    throw std::invalid_argument("HeadOptions::max_samples must be 1 to kMaxChunkSamples");
  }
}

std::int64_t Head::window_of(Time t) const {
  return t.time_since_epoch().count() / options_.window.count();  // t >= 0: checked on append
}

AppendOutcome Head::append(SeriesId id, const SeriesSample& sample) {
  const std::int64_t secs = sample.time.time_since_epoch().count();
  if (sample.value.scale > Decimal::kMaxScale || secs < 0 || secs >= kMaxHeadSeconds) {
    return AppendOutcome::kInvalid;
  }
  if (id >= series_.size()) series_.resize(static_cast<std::size_t>(id) + 1);
  HeadSeries& s = series_[id];
  if (s.has_last) {
    if (sample.time == s.last.time) return AppendOutcome::kDuplicate;
    if (sample.time < s.last.time) return AppendOutcome::kOutOfOrder;
  }
  const std::int64_t window = window_of(sample.time);
  if (!s.samples.empty() && (window != s.window || s.samples.size() >= options_.max_samples ||
                             sample.value.scale != s.samples.front().scale)) {
    seal(id, s);
  }
  if (s.samples.empty()) s.window = window;
  const std::int64_t offset = secs - s.window * options_.window.count();
  s.samples.push_back({sample.value.mantissa, static_cast<std::uint32_t>(offset), sample.status,
                       sample.value.scale});
  s.last = sample;
  s.has_last = true;
  return AppendOutcome::kAppended;
}

void Head::seal(SeriesId id, HeadSeries& s) {
  const std::int64_t base = s.window * options_.window.count();
  scratch_.clear();
  for (const PackedSample& p : s.samples) {
    scratch_.push_back({Time{Seconds{base + p.offset_s}}, Decimal{p.mantissa, p.scale}, p.status});
  }
  SealedChunk chunk;
  chunk.series = id;
  chunk.first = scratch_.front().time;
  chunk.last = scratch_.back().time;
  chunk.count = static_cast<std::uint32_t>(scratch_.size());
  chunk.window = s.window;
  // Cannot fail: 1..max_samples samples with valid scales were checked on append.
  chunk.bytes = encode_chunk(scratch_).value();
  sealed_.push_back(std::move(chunk));
  s.samples.clear();
}

void Head::seal_windows_before(Time t) {
  for (SeriesId id = 0; id < series_.size(); ++id) {
    HeadSeries& s = series_[id];
    if (!s.samples.empty() &&
        (s.window + 1) * options_.window.count() <= t.time_since_epoch().count()) {
      seal(id, s);
    }
  }
}

void Head::seal_all() {
  for (SeriesId id = 0; id < series_.size(); ++id) {
    if (!series_[id].samples.empty()) seal(id, series_[id]);
  }
}

std::vector<SealedChunk> Head::take_sealed() {
  std::vector<SealedChunk> out;
  out.swap(sealed_);
  return out;
}

void Head::read(SeriesId id, Time from, Time to, std::vector<SeriesSample>& out) const {
  if (id >= series_.size()) return;
  const HeadSeries& s = series_[id];
  const std::int64_t base = s.window * options_.window.count();
  for (const PackedSample& p : s.samples) {
    const Time t{Seconds{base + p.offset_s}};
    if (t >= from && t < to) out.push_back({t, Decimal{p.mantissa, p.scale}, p.status});
  }
}

std::optional<SeriesSample> Head::latest(SeriesId id) const {
  if (id >= series_.size() || !series_[id].has_last) return std::nullopt;
  return series_[id].last;
}

std::size_t Head::samples_in_head() const noexcept {
  std::size_t n = 0;
  for (const auto& s : series_) n += s.samples.size();
  return n;
}

}  // namespace mw::tsdb
