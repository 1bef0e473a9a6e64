#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <optional>

#include "pipeline/convert.hpp"

namespace mw::pipeline {
namespace {

// 产量 (netfile.md §4): output counters feed mine.activity_while_closed, not point rules.
constexpr std::uint16_t kOutputCounterType = 3001;

}  // namespace

struct Pipeline::MineSlot {
  const Mine* mine = nullptr;  // in registry_, whose nodes never move
  std::unique_ptr<MineEvaluator> rules;
  MineCatalog catalog;
  // Newest file time applied, per file type (netfile.md §1 "stale" files).
  std::array<std::optional<Time>, netfile::kFileTypeCount> newest{};
  Time newest_sos = Time::min();  // newest RYQJ start applied
  std::size_t unclassified = 0;   // methane points of the latest CDDY with no location class
};

struct Pipeline::Shard {
  explicit Shard(Seconds flap_window, alarms::AlarmSink* sink) : tracker(flap_window, sink) {}
  alarms::EpisodeTracker tracker;
  std::map<std::string, MineSlot, std::less<>> mines;  // sorted: advance() is deterministic
};

Pipeline::Pipeline(std::vector<Mine> registry, const RulePack& pack,
                   const netfile::Profile& profile, const Clock& clock, EvaluatorFactory factory,
                   Options options)
    : pack_(pack), profile_(profile), clock_(clock), factory_(std::move(factory)) {
  for (Mine& m : registry) {
    std::string code = m.code;
    registry_.insert_or_assign(std::move(code), std::move(m));
  }
  const std::size_t n = std::max<std::size_t>(options.shards, 1);
  for (std::size_t i = 0; i < n; ++i) {
    shards_.push_back(std::make_unique<Shard>(pack.flap.merge_window.value, options.alarm_sink));
  }
}

Pipeline::~Pipeline() = default;

std::size_t Pipeline::shard_of(std::string_view mine, std::size_t shards) noexcept {
  // FNV-1a 64-bit (offset basis and prime from the FNV reference).
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : mine) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return shards == 0 ? 0 : static_cast<std::size_t>(h % shards);
}

Pipeline::MineSlot* Pipeline::slot_for(std::string_view mine_code) {
  const auto reg = registry_.find(mine_code);
  if (reg == registry_.end()) return nullptr;
  Shard& shard = *shards_[shard_of(mine_code, shards_.size())];
  auto it = shard.mines.find(mine_code);
  if (it == shard.mines.end()) {
    it = shard.mines.emplace(std::string(mine_code), MineSlot{}).first;
    it->second.mine = &reg->second;
    it->second.rules = factory_(pack_, reg->second, shard.tracker);
  }
  return &it->second;
}

FileResult Pipeline::ingest(std::string_view file_name, std::string_view bytes) {
  return ingest_decoded(
      netfile::decode(file_name, bytes, profile_, netfile::DecodeOptions{clock_.now()}));
}

FileResult Pipeline::ingest_decoded(const netfile::DecodedFile& file) {
  ++stats_.files_read;
  FileResult result;
  result.mine = file.mine_code;
  result.file_time = file.name_time;
  MineSlot* slot = nullptr;
  if (!file.accepted) {
    result.outcome = FileResult::Outcome::kQuarantined;
    result.reason = file.reason.empty() ? "rejected by the decoder" : file.reason;
  } else if (slot = slot_for(file.mine_code); slot == nullptr) {
    result.outcome = FileResult::Outcome::kQuarantined;
    result.reason = "mine " + file.mine_code + " is not in the registry (mines.csv)";
  }
  if (result.outcome == FileResult::Outcome::kQuarantined) {
    ++stats_.files_quarantined;
    return result;
  }
  result.records = file.record_count();
  stats_.records += result.records;
  stats_.records_skipped += static_cast<std::uint64_t>(std::max(file.skipped, 0));
  apply(*slot, file, result);
  if (result.outcome == FileResult::Outcome::kStale) ++stats_.files_stale;
  stats_.samples += result.samples;
  return result;
}

void Pipeline::apply(MineSlot& slot, const netfile::DecodedFile& file, FileResult& result) {
  using netfile::FileType;
  const Time t = file.name_time;
  std::optional<Time>& newest = slot.newest[static_cast<std::size_t>(file.type)];
  const bool older = newest && t < *newest;
  MineEvaluator& rules = *slot.rules;
  switch (file.type) {
    case FileType::kCddy: {
      if (older) break;  // a full set older than the one applied holds nothing new
      std::vector<PointDef> defs;
      const auto records = file.records_of<netfile::CddyRecord>();
      defs.reserve(records.size());
      for (const auto& r : records) {
        defs.push_back(to_point_def(r, profile_.quirks.relation_form, t));
      }
      slot.catalog.set_point_defs(defs);
      rules.on_point_defs(defs, t);
      stats_.unclassified_points -= slot.unclassified;
      slot.unclassified = rules.unclassified_points();
      stats_.unclassified_points += slot.unclassified;
      break;
    }
    case FileType::kCdss: apply_realtime(slot, file, older, result); break;
    case FileType::kRyqy: {
      if (older) break;
      std::vector<Area> areas;
      for (const auto& r : file.records_of<netfile::RyqyRecord>()) areas.push_back(to_area(r));
      slot.catalog.set_areas(areas);
      rules.on_areas(slot.catalog.areas(), t);
      break;
    }
    case FileType::kRyxx: {
      if (older) break;
      std::vector<Person> people;
      for (const auto& r : file.records_of<netfile::RyxxRecord>()) {
        people.push_back(to_person(r));
      }
      slot.catalog.set_people(std::move(people));
      rules.on_people(slot.catalog.people(), t);
      break;
    }
    case FileType::kRyss: {
      // A snapshot no newer than the last one (or the same one again) would count twice in
      // the shift windows of personnel.leader_absent.
      if (newest && t <= *newest) {
        result.outcome = FileResult::Outcome::kStale;
        return;
      }
      std::vector<Presence> snapshot;
      const auto records = file.records_of<netfile::RyssRecord>();
      snapshot.reserve(records.size());
      for (const auto& r : records) snapshot.push_back(to_presence(r));
      rules.on_presence_snapshot(t, snapshot);
      break;
    }
    case FileType::kRyqj: {
      Time newest_start = slot.newest_sos;
      for (const auto& r : file.records_of<netfile::RyqjRecord>()) {
        if (older && r.start <= slot.newest_sos) continue;  // seen in a newer file
        rules.on_sos(sos_presence(r), r.start, r.end);
        newest_start = std::max(newest_start, r.start);
      }
      slot.newest_sos = newest_start;
      break;
    }
    default: break;  // kept by storage (later); no rule reads these types yet
  }
  if (older) {
    result.outcome = FileResult::Outcome::kStale;
  } else {
    newest = t;
  }
}

void Pipeline::apply_realtime(MineSlot& slot, const netfile::DecodedFile& file, bool stale,
                              FileResult& result) {
  MineEvaluator& rules = *slot.rules;
  const Time t = file.name_time;
  if (!stale) rules.on_realtime_file(t);
  for (const netfile::CdssRecord& r : file.records_of<netfile::CdssRecord>()) {
    PointEntry& entry = slot.catalog.point(r.point_code, r.sensor_type_name);
    if (r.time <= entry.last_sample) {  // stale or repeated: never move a point backwards
      ++stats_.samples_not_new;
      continue;
    }
    entry.last_sample = r.time;
    const Sample s = to_sample(r);
    if (entry.sensor_type == kOutputCounterType) {
      rules.on_point_counter(entry.handles, r.point_code, s);
    } else {
      rules.on_point_sample(entry.handles, r.point_code, s);
    }
    ++result.samples;
  }
  if (!stale) rules.on_realtime_file_end(t);
}

void QuorumClock::observe(std::string_view mine, Time t) {
  if (!started_) {
    started_ = true;
    top_mine_ = mine;
    top_ = t;
    return;
  }
  if (mine == top_mine_) {
    top_ = std::max(top_, t);
    return;
  }
  two_ = true;
  if (t > top_) {
    second_ = top_;
    top_ = t;
    top_mine_ = mine;
  } else {
    second_ = std::max(second_, t);
  }
}

void Pipeline::advance() { advance_to(clock_.now()); }

void Pipeline::advance_to(Time now) {
  for (auto& shard : shards_) {
    for (auto& [code, slot] : shard->mines) slot.rules->advance(now);
    shard->tracker.advance(now);
  }
}

std::vector<Alarm> Pipeline::alarms() const {
  std::vector<Alarm> out;
  for (const auto& shard : shards_) {
    std::vector<Alarm> part = shard->tracker.alarms();
    out.insert(out.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  std::sort(out.begin(), out.end(), alarms::alarm_order_less);
  return out;
}

const MineCatalog* Pipeline::catalog(std::string_view mine) const {
  const auto& shard = *shards_[shard_of(mine, shards_.size())];
  const auto it = shard.mines.find(mine);
  return it == shard.mines.end() ? nullptr : &it->second.catalog;
}

std::size_t Pipeline::rule_state_bytes() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    for (const auto& [code, slot] : shard->mines) total += slot.rules->state_bytes();
  }
  return total;
}

std::size_t Pipeline::point_count() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    for (const auto& [code, slot] : shard->mines) total += slot.catalog.point_count();
  }
  return total;
}

std::size_t Pipeline::person_count() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    for (const auto& [code, slot] : shard->mines) total += slot.catalog.people().size();
  }
  return total;
}

}  // namespace mw::pipeline
