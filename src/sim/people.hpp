#pragma once
// The people of a simulated mine (RYXX): mine leaders (矿领导), crews of the face and heading
// teams, and special workers (特种作业人员: gas inspectors, electricians, winch drivers,
// safety inspectors, shearer and road-header drivers).

#include <cstdint>
#include <vector>

#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "sim/layout.hpp"
#include "sim/rng.hpp"

namespace mw::sim {

// What a person does underground; the schedule routes each role differently.
enum class WorkerRole : std::uint8_t {
  kLeader,           // 矿领导: leads shifts (rules.md A4)
  kFaceCrew,         // 综采队
  kHeadingCrew,      // 掘进队
  kGasInspector,     // 瓦斯检查工 (special)
  kElectrician,      // 电钳工 (special)
  kHaulage,          // 绞车司机 / 运输 (special)
  kSafetyInspector,  // 安全检查工 (special)
};

struct Worker {
  Person person;
  WorkerRole role = WorkerRole::kFaceCrew;
  int workplace = -1;      // crews: the face or heading they work at
  int crew = 0;            // crews and support roles: which of the team's rotating crews
  bool principal = false;  // 矿长: leads at least 5 shifts a month (rules.md A4)
};

struct Roster {
  std::vector<Worker> workers;  // RYXX order; card = mine code + 5-digit serial
  std::vector<int> leaders;     // indices of kLeader workers, the principal first

  // Workers of a role (and workplace, unless -1) in a crew.
  std::vector<int> crew_of(WorkerRole role, int workplace, int crew) const;
};

// Producing mines get full teams (crew sizes 30–40 % of the key area's approved headcount,
// so two crews handing over stay within it); stopped mines a maintenance staff; closed mines
// a caretaker roster that never goes down.
Roster make_roster(const Mine& mine, const MineLayout& layout, Rng& rng);

}  // namespace mw::sim
