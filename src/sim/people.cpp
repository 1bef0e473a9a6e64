#include "sim/people.hpp"

#include <array>
#include <string>
#include <string_view>

namespace mw::sim {
namespace {

constexpr std::array<std::string_view, 40> kSurnames{
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱",
    "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于",
    "董", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苗"};
constexpr std::array<std::string_view, 40> kGiven{
    "国", "建", "明", "志", "华", "光", "荣", "安", "平", "文", "斌", "海", "涛", "永",
    "刚", "红", "军", "立", "新", "伟", "勇", "强", "磊", "鹏", "超", "辉", "俊", "杰",
    "峰", "亮", "成", "兵", "波", "龙", "东", "宏", "飞", "健", "宝", "林"};
constexpr std::array<std::string_view, 6> kTeamNumber{"一", "二", "三", "四", "五", "六"};

// Leadership posts of a coal mine (矿长 is the principal).
constexpr std::array<std::string_view, 7> kLeaderPosts{
    "矿长", "党委书记", "总工程师", "生产副矿长", "安全副矿长", "机电副矿长", "通风副总工程师"};

std::string draw_name(Rng& rng) {
  std::string name(kSurnames[static_cast<std::size_t>(rng.uniform_int(0, kSurnames.size() - 1))]);
  const int given = rng.bernoulli(0.7) ? 2 : 1;
  for (int i = 0; i < given; ++i) {
    name += kGiven[static_cast<std::size_t>(rng.uniform_int(0, kGiven.size() - 1))];
  }
  return name;
}

std::string two(std::int64_t n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

std::string draw_birth(Rng& rng, int from_year, int to_year) {
  return std::to_string(rng.uniform_int(from_year, to_year)) + "-" + two(rng.uniform_int(1, 12)) +
         "-" + two(rng.uniform_int(1, 28));
}

std::string draw_education(Rng& rng) {
  const std::array<double, 5> w{0.40, 0.25, 0.15, 0.12, 0.08};
  constexpr std::array<std::string_view, 5> kText{"初中", "高中", "中专", "大专", "本科"};
  return std::string(kText[rng.weighted(w)]);
}

class RosterBuilder {
 public:
  RosterBuilder(const Mine& mine, Rng& rng) : mine_(mine), rng_(rng) {}

  Worker& add(WorkerRole role, std::string job, std::string post, std::string team, bool special) {
    Worker w;
    w.role = role;
    ++serial_;
    std::string s = std::to_string(serial_);
    w.person.card = mine_.code + std::string(5 - s.size(), '0') + s;
    w.person.name = draw_name(rng_);
    w.person.job = std::move(job);
    w.person.post = std::move(post);
    w.person.team = std::move(team);
    const bool leader = role == WorkerRole::kLeader;
    w.person.birth_date = draw_birth(rng_, leader ? 1965 : 1968, leader ? 1985 : 2002);
    w.person.education = leader ? (rng_.bernoulli(0.3) ? "研究生" : "本科") : draw_education(rng_);
    w.person.leader = leader;
    w.person.special = special;
    out_.workers.push_back(std::move(w));
    if (leader) out_.leaders.push_back(static_cast<int>(out_.workers.size()) - 1);
    return out_.workers.back();
  }

  Roster take() { return std::move(out_); }

 private:
  const Mine& mine_;
  Rng& rng_;
  Roster out_;
  int serial_ = 0;
};

}  // namespace

std::vector<int> Roster::crew_of(WorkerRole role, int workplace, int crew) const {
  std::vector<int> out;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const Worker& w = workers[i];
    if (w.role == role && w.crew == crew && (workplace < 0 || w.workplace == workplace)) {
      out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

Roster make_roster(const Mine& mine, const MineLayout& layout, Rng& rng) {
  RosterBuilder b(mine, rng);
  const int crews = static_cast<int>(mine.shifts.size());
  const bool producing = mine.status == MineStatus::kProducing;

  const int leaders = producing ? static_cast<int>(rng.uniform_int(5, 7)) : 2;
  for (int i = 0; i < leaders; ++i) {
    Worker& w = b.add(WorkerRole::kLeader, "管理人员",
                      std::string(kLeaderPosts[static_cast<std::size_t>(i)]), "矿领导", false);
    w.principal = i == 0;
  }
  if (producing) {
    int face_no = 0, heading_no = 0;
    for (std::size_t wi = 0; wi < layout.workplaces.size(); ++wi) {
      const Workplace& wp = layout.workplaces[wi];
      const bool face = wp.kind == Workplace::Kind::kFace;
      const std::uint32_t approved = layout.areas[static_cast<std::size_t>(wp.key_area)].approved;
      const std::string team =
          std::string(face ? "综采" : "掘进") +
          std::string(kTeamNumber[static_cast<std::size_t>(face ? face_no++ : heading_no++) % 6]) +
          "队";
      for (int c = 0; c < crews; ++c) {
        const auto lo = static_cast<std::int64_t>(approved * 3 / 10);
        const auto hi = static_cast<std::int64_t>(approved * 4 / 10);
        const int size = static_cast<int>(rng.uniform_int(lo, hi));
        for (int k = 0; k < size; ++k) {
          // One crew leader (班长) and one machine driver (special) per crew.
          const bool driver = k == 1;
          std::string job = face ? (driver ? "采煤机司机" : (k % 3 == 0 ? "支架工" : "输送机司机"))
                                 : (driver ? "掘进机司机" : "锚杆工");
          Worker& w = b.add(face ? WorkerRole::kFaceCrew : WorkerRole::kHeadingCrew, std::move(job),
                            k == 0 ? "班长" : "工人", team, driver);
          w.workplace = static_cast<int>(wi);
          w.crew = c;
        }
      }
    }
  }
  // Support staff: per crew, gas inspectors, electricians, haulage, a safety inspector.
  // A stopped mine keeps one maintenance crew (ventilation and electrical), under the
  // maintenance allowance of contracts.md (default 10).
  const int support_crews = producing ? crews : 1;
  for (int c = 0; c < support_crews; ++c) {
    for (int k = 0; k < 2; ++k)
      b.add(WorkerRole::kGasInspector, "瓦斯检查工", "工人", "通风队", true).crew = c;
    for (int k = 0; k < 2; ++k)
      b.add(WorkerRole::kElectrician, "电钳工", "工人", "机电队", true).crew = c;
    if (!producing) continue;
    for (int k = 0; k < 2; ++k)
      b.add(WorkerRole::kHaulage, "绞车司机", "工人", "运输队", true).crew = c;
    b.add(WorkerRole::kSafetyInspector, "安全检查工", "工人", "安检科", true).crew = c;
  }
  return b.take();
}

}  // namespace mw::sim
