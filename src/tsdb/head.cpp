#include "tsdb/head.hpp"

#include <stdexcept>

#include "tsdb/varint.hpp"

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
    if (secs == s.last_time) return AppendOutcome::kDuplicate;
    if (secs < s.last_time) return AppendOutcome::kOutOfOrder;
  }
  const std::int64_t window = window_of(sample.time);
  if (s.count > 0 && (window != s.window || s.count >= options_.max_samples ||
                      sample.value.scale != s.last_scale)) {
    seal(id, s);
  }
  if (s.count == 0) s.window = window;
  if (s.recent.size() >= kRecentSamples) freeze(s);
  const std::int64_t offset = secs - s.window * options_.window.count();
  s.recent.push_back({sample.value.mantissa, static_cast<std::uint32_t>(offset), sample.status,
                      sample.value.scale});
  ++s.count;
  s.last_time = secs;
  s.last_mantissa = sample.value.mantissa;
  s.last_status = sample.status;
  s.last_scale = sample.value.scale;
  s.has_last = true;
  return AppendOutcome::kAppended;
}

void Head::freeze(HeadSeries& s) {
  const std::int64_t base = s.window * options_.window.count();
  scratch_.clear();
  for (const PackedSample& p : s.recent) {
    scratch_.push_back({Time{Seconds{base + p.offset_s}}, Decimal{p.mantissa, p.scale}, p.status});
  }
  // Cannot fail: 1..kRecentSamples samples with scales checked on append.
  const std::string part = encode_chunk(scratch_).value();
  put_varint(s.frozen, part.size());
  s.frozen += part;
  s.recent.clear();
}

void Head::unpack(const HeadSeries& s, std::vector<SeriesSample>& out) const {
  out.clear();
  out.reserve(s.count);
  ByteReader in(as_bytes(s.frozen));
  while (!in.at_end()) {
    // Written by freeze() in this process: damage here is a bug, so value() may throw.
    const auto len = in.varint().value();
    const auto part = decode_chunk(in.take(len).value()).value();
    out.insert(out.end(), part.begin(), part.end());
  }
  const std::int64_t base = s.window * options_.window.count();
  for (const PackedSample& p : s.recent) {
    out.push_back({Time{Seconds{base + p.offset_s}}, Decimal{p.mantissa, p.scale}, p.status});
  }
}

void Head::seal(SeriesId id, HeadSeries& s) {
  unpack(s, scratch_);
  SealedChunk chunk;
  chunk.series = id;
  chunk.first = scratch_.front().time;
  chunk.last = scratch_.back().time;
  chunk.count = static_cast<std::uint32_t>(scratch_.size());
  chunk.window = s.window;
  // Cannot fail: 1..max_samples samples with valid scales were checked on append.
  chunk.bytes = encode_chunk(scratch_).value();
  sealed_.push_back(std::move(chunk));
  s.recent.clear();
  s.frozen.clear();
  s.count = 0;
}

void Head::seal_windows_before(Time t) {
  for (SeriesId id = 0; id < series_.size(); ++id) {
    HeadSeries& s = series_[id];
    if (s.count > 0 && (s.window + 1) * options_.window.count() <= t.time_since_epoch().count()) {
      seal(id, s);
    }
  }
}

void Head::seal_all() {
  for (SeriesId id = 0; id < series_.size(); ++id) {
    if (series_[id].count > 0) seal(id, series_[id]);
  }
}

std::vector<SealedChunk> Head::take_sealed() {
  std::vector<SealedChunk> out;
  out.swap(sealed_);
  return out;
}

void Head::read(SeriesId id, Time from, Time to, std::vector<SeriesSample>& out) const {
  if (id >= series_.size() || series_[id].count == 0) return;
  std::vector<SeriesSample> all;
  unpack(series_[id], all);
  for (const SeriesSample& x : all) {
    if (x.time >= from && x.time < to) out.push_back(x);
  }
}

std::optional<SeriesSample> Head::latest(SeriesId id) const {
  if (id >= series_.size() || !series_[id].has_last) return std::nullopt;
  const HeadSeries& s = series_[id];
  return SeriesSample{Time{Seconds{s.last_time}}, Decimal{s.last_mantissa, s.last_scale},
                      s.last_status};
}

std::size_t Head::samples_in_head() const noexcept {
  std::size_t n = 0;
  for (const auto& s : series_) n += s.count;
  return n;
}

std::size_t Head::sample_memory_bytes() const noexcept {
  std::size_t n = 0;
  for (const auto& s : series_)
    n += s.recent.capacity() * sizeof(PackedSample) + s.frozen.capacity();
  return n;
}

}  // namespace mw::tsdb
