#pragma once
// Upload endpoints (contracts.md "Running the server", docs/serve.md "Uploads"):
//   PUT  /api/v1/mines/{mine}/files/{name}   one networking file, the mine's upload key
//   POST /api/v1/ingest                      a JSON batch of samples (gateways), same key
// Both end in the same durable ingest (DurablePipeline::ingest); an answer of 201 means the
// data is in the fsynced journal and applied.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "server/auth.hpp"
#include "server/http.hpp"

namespace mw::server {

// What the upload routes need. Functions rather than objects so the routes are tested
// against fakes; the Server binds them to DurablePipeline and Auth. All must be thread-safe.
struct UploadDeps {
  std::function<Result<pipeline::IngestOutcome>(std::string_view name, std::string_view bytes)>
      ingest;
  std::function<UploadKeyCheck(std::string_view mine, std::string_view key)> check_key;
  // After every acknowledged upload (applied, duplicate or stale); may be empty.
  std::function<void(std::string_view mine, const pipeline::IngestOutcome&)> on_ingested;
  // The profile a JSON batch is encoded with (a CDSS file of the national profile).
  const netfile::Profile* profile = nullptr;
};

void add_upload_routes(Router& router, UploadDeps& deps);

// Whether `name` may be stored under a data directory: a plain base name of safe characters
// (no '/', '\\', "..", leading '.', control bytes), at most 128 bytes. The message says why not.
Status check_upload_name(std::string_view name);

// A JSON batch (docs/serve.md "JSON batches") converted exactly to one CDSS networking file:
// its name and bytes. InvalidArgument naming the first problem.
struct EncodedBatch {
  std::string mine;
  std::string name;
  std::string bytes;
  std::size_t samples = 0;
};
Result<EncodedBatch> encode_json_batch(std::string_view json, const netfile::Profile& profile);

}  // namespace mw::server
