#pragma once
#include <cstdint>
#include <vector>

#include "bot/conversation/interview.hpp"
#include "bot/store/sqlite_db.hpp"

namespace followup::sqlite {

// The interviews, people and contact-log tables of one database, with prepared statements.
class interview_tables {
 public:
  explicit interview_tables(database& db);

  std::vector<interview> load(std::int64_t user_row);
  // Writes the interviews that differ between `before` and `after` (matched by id) and deletes
  // those that are gone. Runs inside the caller's transaction.
  void save(std::int64_t user_row, const std::vector<interview>& before,
            const std::vector<interview>& after, sys_time now);

 private:
  void write(std::int64_t user_row, const interview& i, sys_time now);

  statement select_interviews_, select_people_, select_contacts_, upsert_interview_,
      delete_interview_, delete_people_, delete_contacts_, insert_person_, insert_contact_;
};

}  // namespace followup::sqlite
