// The schema of revenue-sharing clauses: a share of what a developer earns on its served
// compute, paid to another party until an event (see schema_definition.cpp for the rest).
#include "models/scenario/schema_parts.hpp"

namespace models::schema::parts {

const Object& revenue_share() {
  static const Object object{
      "revenue share",
      "A share of a developer's revenue paid to another party each month: `fraction` of the "
      "revenue that the classes `from` pays for earn on their served compute (each class's "
      "revenue_per_unit), until the `ends` event occurs (the share stops from the next month).",
      {reference("from", "The developer whose revenue is shared (the classes' payer).", "parties"),
       reference("to", "Who receives the share.", "parties"),
       number("fraction", "Share of the revenue paid.", "fraction", "", 0, 1),
       text_list("classes",
                 "Workload classes whose revenue counts (default: every class "
                 "`from` pays for).",
                 "workloads", false),
       nested("ends", Kind::Object, milestone(),
              "The event that ends the share (a hazard with conditions); none: it lasts the "
              "whole run.",
              false)},
      {}};
  return object;
}

}  // namespace models::schema::parts
