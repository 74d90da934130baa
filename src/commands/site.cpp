// `collab site DIR`: a static HTML dashboard of the records (SPEC §7b). Every run renders what
// the manifest in DIR says has changed since the last one: a record's page is keyed by its
// file's identity, its history, how late its open deadlines are today, the meetings that follow
// it up and the previous actions it shows; the summary pages are compared by content. Pages of
// records that are gone are removed; files collab did not write are left alone.
#include "commands/context.h"
#include "commands/document.h"
#include "commands/figures.h"
#include "commands/minutes_version.h"
#include "commands/site_files.h"
#include "commands/site_pages.h"
#include "commands/view_runner.h"

#include "collab/lint/read_record.h"
#include "collab/model/departments.h"
#include "collab/model/kinds.h"
#include "collab/store/history_index.h"
#include "collab/store/repo.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/parallel.h"
#include "collab/views/document.h"
#include "collab/views/item_cache.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace collab::commands {

using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

namespace {

/// Bump when pages change shape: every page of an older site is written again.
constexpr std::string_view k_site_format = "site 1";

/// A record file and what this run knows of it.
struct SiteEntry {
  RecordFile file;
  SiteRecord info;
  bool parsed = false;
  std::string text;                   ///< when parsed
  std::optional<lint::Record> record; ///< when parsed
  std::string page;                   ///< "r/NAME.html"
  uint64_t key = 0;
};

/// The deadlines of what is open in a record: the record itself and every mapping below it
/// with a `deadline` and a status that is not closed (a missing status is todo).
void open_deadlines(const yaml::Node* n, std::vector<std::string>& out)
{
  if (!n)
    return;
  if (n->is_map()) {
    const std::string_view deadline = n->text_of("deadline");
    if (!deadline.empty()) {
      const std::string_view written = n->text_of("status");
      const auto st = written.empty() ? std::optional<Status>(Status::Todo) : parse_status(written);
      if (!st || !is_closed(*st))
        out.emplace_back(deadline);
    }
    for (const auto& [k, v] : n->entries)
      open_deadlines(v, out);
  } else if (n->is_seq()) {
    for (const auto* item : n->items)
      open_deadlines(item, out);
  }
}

/// Reads a record file and what other pages need of it.
void parse_entry(const Workspace& ws, SiteEntry& e)
{
  const fs::path path = ws.root / e.file.rel;
  const std::string stem = fs::path(e.file.rel).stem().string();
  try {
    e.text = util::read_file(path);
  } catch (const util::Error&) {
    e.text.clear();
  }
  e.record.emplace(lint::read_record_text(ws, e.file.rel, e.text, stem, lint::ReadOptions{false, false}));
  e.parsed = true;
  SiteRecord& r = e.info;
  r.size = e.file.size;
  r.mtime_ns = e.file.mtime_ns;
  r.ctime_ns = e.file.ctime_ns;
  r.ino = e.file.ino;
  const yaml::Node* root = e.record->unreadable ? nullptr : e.record->root();
  r.id = root && !root->text_of("id").empty() ? std::string(root->text_of("id")) : stem;
  r.kind = e.record->kind && root ? std::string(e.record->kind->name) : "";
  r.title = root ? std::string(root->text_of("title")) : "";
  r.date = root && e.record->kind ? std::string(root->text_of(e.record->kind->date_field)) : "";
  r.follow_up = root ? std::string(root->text_of("follow_up")) : "";
  r.previous.clear();
  if (const yaml::Node* prev = root ? root->get("previous_actions") : nullptr; prev && prev->is_seq())
    for (const auto* n : prev->items)
      if (n->is_scalar())
        r.previous.push_back(n->value);
  r.deadlines.clear();
  open_deadlines(root, r.deadlines);
}

bool same_file(const RecordFile& f, const SiteRecord& r)
{
  return f.size == r.size && f.mtime_ns == r.mtime_ns && f.ctime_ns == r.ctime_ns && f.ino == r.ino;
}

/// Every file below DIR (DIR-relative), to notice a page someone removed.
std::set<std::string> files_in(const fs::path& dir)
{
  std::set<std::string> out;
  std::error_code ec;
  const size_t skip = dir.generic_string().size() + 1; // entries are dir + '/' + rel
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec))
      out.insert(it->path().generic_string().substr(skip));
  return out;
}

/// What one run wrote, for its summary.
struct SiteCounts {
  std::atomic<size_t> written{0};
  size_t removed = 0, unchanged = 0;
};

/// Writes `content` as DIR/file. A page that is there already is replaced atomically (a
/// server never serves half of it); a new one is written in place: no page links to it until
/// the summary pages, written last, do (a temp file and a rename per page cost a third of a
/// first run on 10,000 records).
void write_page(const fs::path& dir, const std::string& file, std::string_view content, bool exists)
{
  const fs::path p = dir / file;
  if (exists) {
    util::write_file_atomic(p, content, false);
    return;
  }
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  bool ok = fd >= 0;
  for (size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    done += ok ? static_cast<size_t>(n) : 0;
  }
  const int err = ok ? 0 : errno;
  if (fd >= 0 && ::close(fd) != 0 && ok)
    throw util::repo_error(trf("cannot write {}: {}", p.string(), std::strerror(errno)));
  if (!ok)
    throw util::repo_error(trf("cannot write {}: {}", p.string(), std::strerror(err)));
}

} // namespace

int run_site(const GlobalOptions& g, const SiteOptions& o)
{
  const Workspace ws = load_workspace(g);
  const Date now = today(g);
  const std::string& lang = ws.config.lang;
  fs::path dir = fs::path(o.dir);
  if (dir.is_relative())
    dir = fs::absolute(util::working_dir(g.dir)) / dir;
  dir = dir.lexically_normal();
  if (dir.has_filename() == false)
    dir = dir.parent_path();
  const SiteDir state = check_site_dir(dir);
  std::error_code ec;
  if (state == SiteDir::Missing) {
    fs::create_directories(dir, ec);
    if (ec)
      throw util::repo_error(trf("cannot create folder {}: {}", dir.string(), ec.message()));
  }
  if (::access(dir.c_str(), W_OK) != 0)
    throw util::repo_error(trf("cannot write to folder {}; check its permissions", dir.string()));
  std::string old_manifest_text;
  SiteManifest old;
  if (state == SiteDir::Site) {
    try {
      old_manifest_text = util::read_file(dir / k_site_manifest);
    } catch (const util::Error&) {
    }
    if (auto m = SiteManifest::parse(old_manifest_text))
      old = std::move(*m);
  }
  const std::set<std::string> present = state == SiteDir::Site ? files_in(dir) : std::set<std::string>{};
  for (const char* sub : {"r", "dept", "owner"}) { // once, not for each page
    fs::create_directories(dir / sub, ec);
    if (ec)
      throw util::repo_error(trf("cannot create folder {}: {}", (dir / sub).string(), ec.message()));
  }

  // The items (through the cache), the history (through its index), the record files.
  const ItemLoad load = load_items(ws, item_cache_path(ws));
  warn_unreadable(g, load.unreadable);
  std::unique_ptr<Repo> repo = Repo::discover(ws.root);
  std::optional<HistoryIndex> index;
  std::unordered_map<std::string, std::vector<HistoryEntry>> logs;
  if (repo) {
    index.emplace(HistoryIndex::open(*repo, ws.root));
    logs = index->first_parent_logs();
  }
  // The root's path in the work tree: the index names files from the top.
  const std::string root_in_tree = index ? index->relative(ws.root) : "";
  const std::string tree_prefix = root_in_tree.empty() || root_in_tree == "." ? "" : root_in_tree + "/";
  const auto history_of = [&](const std::string& rel) -> const std::vector<HistoryEntry>& {
    static const std::vector<HistoryEntry> none;
    if (!index)
      return none;
    const auto it = logs.find(tree_prefix + rel);
    return it == logs.end() ? none : it->second;
  };

  // A dir inside the records root holds no records of its own (a site is HTML only), but a
  // records root inside DIR would be walked: skip record files below DIR.
  const std::string dir_rel = [&] {
    const fs::path rel = dir.lexically_relative(ws.root);
    const std::string s = rel.generic_string();
    return rel.empty() || s.starts_with("..") ? std::string() : s + "/";
  }();
  std::vector<SiteEntry> entries;
  for (const RecordFile& f : scan_record_files(ws.root)) {
    if (!dir_rel.empty() && f.rel.starts_with(dir_rel))
      continue;
    SiteEntry e;
    e.file = f;
    if (auto it = old.records.find(f.rel); it != old.records.end() && same_file(f, it->second))
      e.info = it->second;
    entries.push_back(std::move(e));
  }
  util::parallel_for(entries.size(), [&](size_t i) {
    SiteEntry& e = entries[i];
    if (same_file(e.file, e.info) && !e.info.id.empty())
      return;
    parse_entry(ws, e);
    // The tree is read again when the page is rendered: 10,000 trees kept until then took
    // 250 MB, and faulting that memory in cost more than parsing twice.
    e.record.reset();
    e.text = std::string();
    e.parsed = false;
  });

  // Page names: the file's stem made safe; two files with one stem (a copy in another folder)
  // are told apart by a hash of their path.
  SiteLinks links;
  {
    std::set<std::string> taken;
    for (SiteEntry& e : entries) {
      std::string name = site_file_stem(fs::path(e.file.rel).stem().string());
      if (!taken.insert(name).second)
        name += fmt::format("-{:08x}", SiteHash().add(e.file.rel).value() & 0xffffffffu);
      taken.insert(name);
      e.page = "r/" + name + ".html";
      links.record_page[e.file.rel] = e.page;
    }
  }

  // What a record's page shows of other records: the meetings following it up, the current
  // state of the previous actions it lists.
  std::unordered_map<std::string, std::vector<FollowUp>> follow_ups;
  for (const SiteEntry& e : entries)
    if (e.info.kind == "meeting" && !e.info.follow_up.empty())
      follow_ups[e.info.follow_up].push_back({e.info.id, e.info.title, e.info.date});
  for (auto& [id, list] : follow_ups)
    std::sort(list.begin(), list.end(), [](const FollowUp& a, const FollowUp& b) { return a.id < b.id; });
  std::unordered_map<std::string_view, const Item*> by_ref;
  for (const Item& it : load.items)
    by_ref.emplace(it.ref, &it);

  SiteHash global;
  global.add(k_site_format).add(lang).add(ws.config.lang);
  try {
    global.add(util::read_file(ws.root / k_config_name)); // people and departments show in documents
  } catch (const util::Error&) {
  }
  SiteManifest next;
  std::vector<size_t> to_render;
  for (size_t i = 0; i < entries.size(); ++i) {
    SiteEntry& e = entries[i];
    SiteHash h = global;
    h.add(e.file.rel).add(e.page).add(e.file.size).add(e.file.mtime_ns).add(e.file.ctime_ns).add(e.file.ino);
    const auto& revs = history_of(e.file.rel);
    h.add(static_cast<long long>(revs.size())).add(revs.empty() ? "" : revs.front().commit.hex());
    for (const auto& d : e.info.deadlines) {
      const auto date = parse_iso_date(d);
      h.add(date ? std::max(0L, now.days() - date->days()) : 0L);
    }
    if (auto f = follow_ups.find(e.info.id); f != follow_ups.end())
      for (const auto& m : f->second)
        h.add(m.id).add(m.title).add(m.date);
    for (const auto& ref : e.info.previous) {
      h.add(ref);
      if (auto it = by_ref.find(ref); it != by_ref.end()) {
        const Item& item = *it->second;
        const ItemState st = state_of(item, now, 0);
        h.add(item.title).add(item.owner).add(item.deadline).add(static_cast<long long>(item.status)).add(st.days_late);
      }
    }
    e.key = h.value();
    next.pages[e.page] = e.key;
    const auto was = old.pages.find(e.page);
    if (was == old.pages.end() || was->second != e.key || !present.contains(e.page))
      to_render.push_back(i);
  }

  // Render and write what changed, in parallel; git's object database is read one at a time.
  SiteCounts counts;
  std::mutex repo_mutex;
  const RevisionReader read_rev = [&](const HistoryEntry& r) -> std::optional<std::string> {
    if (r.blob.null())
      return std::nullopt;
    std::lock_guard lock(repo_mutex);
    return repo->read_blob(r.blob);
  };
  util::parallel_for(to_render.size(), [&](size_t k) {
    SiteEntry& e = entries[to_render[k]];
    if (!e.parsed)
      parse_entry(ws, e);
    const auto& revs = history_of(e.file.rel);
    std::string title, body;
    const yaml::Node* root = e.record->unreadable ? nullptr : e.record->root();
    if (!root) {
      title = e.info.id;
      body = "<h1>" + html_text(title) + "</h1>\n<p>" +
             html_text(trf("{} cannot be read as a record; run `collab lint {}`", e.file.rel, e.file.rel)) + "</p>\n";
    } else {
      DocContext ctx;
      if (e.info.kind == "meeting") {
        const MinutesVersion v = minutes_version_of(ws, e.info.id, e.text, revs, read_rev);
        ctx.version = v.str();
        ctx.version_committed = v.committed;
        if (auto f = follow_ups.find(e.info.id); f != follow_ups.end())
          ctx.follow_ups = f->second;
      }
      const Doc doc = record_document(ws, e.info.id, *root, e.record->kind, now, std::move(ctx));
      title = doc.title;
      body = render_html_body(doc);
    }
    write_page(dir, e.page, site_page(lang, title, "../", site_record_body(body, revs)), present.contains(e.page));
    ++counts.written;
    e.record.reset(); // the tree is not needed any more
    e.text.clear();
  });
  for (const SiteEntry& e : entries)
    next.records[e.file.rel] = e.info;

  // The summary pages: rendered every time (they are few), written when their text changed.
  // Each summary page is a job; they run in parallel (the departments' and owners' pages list
  // every open item twice).
  std::map<std::string, std::function<std::string()>> jobs;
  jobs["style.css"] = [] { return site_css(); };
  const DeptResolver depts(ws.config);
  ItemQuery q;
  q.within_days = ws.config.due_soon_days;
  const auto overdue = select_items(load.items, q, View::Overdue, now, depts);
  const auto due = select_items(load.items, q, View::Due, now, depts);
  const auto open = select_items(load.items, q, View::List, now, depts);
  std::map<std::string, std::vector<ViewRow>> by_dept, by_owner;
  std::map<std::string, SiteGroup> dept_counts, owner_counts;
  for (const ViewRow& r : open) {
    by_dept[std::string(r.dept)].push_back(r);
    by_owner[std::string(r.item->owner)].push_back(r);
    for (auto* g2 : {&dept_counts[std::string(r.dept)], &owner_counts[std::string(r.item->owner)]}) {
      ++g2->open;
      g2->overdue += r.state.overdue;
      g2->due_soon += r.state.due_soon;
    }
  }
  const auto groups = [](std::map<std::string, SiteGroup>& m) {
    std::vector<SiteGroup> out;
    for (auto& [name, grp] : m) {
      grp.name = name;
      out.push_back(grp);
    }
    return out;
  };
  jobs["index.html"] = [&] {
    std::string body = "<h1>" + html_text(tr("Follow-up dashboard")) + "</h1>\n<p class=\"asof\">" +
                       html_text(trf("As of {}: {} open items, {} overdue, {} due soon.", now.str(), open.size(),
                                     overdue.size(), due.size())) +
                       "</p>\n";
    body += "<h2 id=\"overdue-heading\">" + html_text(trf("Overdue ({})", overdue.size())) + "</h2>\n";
    body += overdue.empty() ? "<p>" + html_text(tr("Nothing is overdue.")) + "</p>\n"
                            : site_items_table(overdue, SiteTable::Overdue, links, "", lang, "overdue");
    body += "<h2 id=\"due-heading\">" + html_text(trf("Due soon ({})", due.size())) + "</h2>\n";
    body += due.empty() ? "<p>" + html_text(tr("Nothing is due soon.")) + "</p>\n"
                        : site_items_table(due, SiteTable::DueSoon, links, "", lang, "due-soon");
    body += "<h2>" + html_text(tr("By department")) + "</h2>\n" + site_groups_table(groups(dept_counts), false, "departments");
    body += "<h2>" + html_text(tr("By owner")) + "</h2>\n" + site_groups_table(groups(owner_counts), true, "owners");
    return site_page(lang, tr("Follow-up dashboard"), "", body);
  };
  for (const auto& [name, rows] : by_dept) {
    const std::string title = trf("Department {}", name.empty() ? tr("(none)") : name);
    jobs[SiteLinks::dept_page(name)] = [&, title] {
      return site_page(lang, title, "../", "<h1>" + html_text(title) + "</h1>\n" +
                                             site_items_table(rows, SiteTable::Open, links, "../", lang, "items"));
    };
  }
  for (const auto& [name, rows] : by_owner) {
    const std::string title = trf("Owner {}", name.empty() ? tr("(none)") : name);
    jobs[SiteLinks::owner_page(name)] = [&, title] {
      return site_page(lang, title, "../", "<h1>" + html_text(title) + "</h1>\n" +
                                             site_items_table(rows, SiteTable::Open, links, "../", lang, "items"));
    };
  }
  // The figures come from branch figures' functions, called here, not from the threads.
  const std::string week = weekly_report_html(g, ws, load, now), month = monthly_stats_html(g, ws, load, now);
  jobs["week.html"] = [&] {
    return site_page(lang, tr("This week"), "", "<h1>" + html_text(tr("This week")) + "</h1>\n" + week);
  };
  jobs["month.html"] = [&] {
    return site_page(lang, tr("This month"), "", "<h1>" + html_text(tr("This month")) + "</h1>\n" + month);
  };
  jobs["records.html"] = [&] {
    std::vector<const SiteEntry*> sorted;
    for (const SiteEntry& e : entries)
      sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(), [](const SiteEntry* a, const SiteEntry* b) { return a->info.id < b->info.id; });
    const std::vector<std::string> headers = {tr("Ref"), tr("Kind"), tr("Title"), tr("Date")};
    std::string body = "<h1>" + html_text(tr("All records")) + "</h1>\n<div class=\"table-wrap\"><table class=\"rows\" "
                       "id=\"records\"><thead><tr>";
    for (const auto& h : headers)
      body += "<th scope=\"col\">" + html_text(h) + "</th>";
    body += "</tr></thead>\n<tbody>";
    for (const SiteEntry* e : sorted)
      body += "\n<tr><td class=\"ref\" data-label=\"" + html_escape(headers[0]) + "\"><a href=\"" + e->page + "\">" +
              html_text(e->info.id) + "</a></td><td data-label=\"" + html_escape(headers[1]) + "\">" +
              html_text(e->info.kind) + "</td><td data-label=\"" + html_escape(headers[2]) + "\">" +
              html_text(e->info.title) + "</td><td class=\"date\" data-label=\"" + html_escape(headers[3]) + "\">" +
              html_text(e->info.date) + "</td></tr>";
    body += "</tbody></table></div>\n";
    return site_page(lang, tr("All records"), "", body);
  };
  std::vector<std::pair<std::string, std::string>> pages;
  for (const auto& [file, job] : jobs)
    pages.emplace_back(file, "");
  util::parallel_for(pages.size(), [&](size_t i) { pages[i].second = jobs.at(pages[i].first)(); });
  for (const auto& [file, content] : pages) {
    const uint64_t key = SiteHash().add(content).value();
    next.pages[file] = key;
    const auto was = old.pages.find(file);
    if (was != old.pages.end() && was->second == key && present.contains(file)) {
      ++counts.unchanged;
      continue;
    }
    write_page(dir, file, content, present.contains(file));
    ++counts.written;
  }
  counts.unchanged += entries.size() - to_render.size();

  // Pages of what is gone: only files the manifest lists, so a CNAME or .nojekyll stays.
  for (const auto& [file, key] : old.pages)
    if (!next.pages.contains(file) && present.contains(file)) {
      fs::remove(dir / file, ec);
      if (ec)
        throw util::repo_error(trf("cannot remove {}: {}", (dir / file).string(), ec.message()));
      ++counts.removed;
    }
  if (const std::string text = next.serialize(); text != old_manifest_text)
    util::write_file_atomic(dir / k_site_manifest, text, false);

  if (!g.quiet)
    fmt::print("{}\n", trf("site {}: {} written, {} removed, {} unchanged; open {}", dir.string(),
                           trnf("{} page", "{} pages", counts.written.load()), counts.removed, counts.unchanged,
                           (dir / "index.html").string()));
  return util::k_exit_ok;
}

} // namespace collab::commands
