//! A count already ordered, shared out: "2 medium pizzas", then "one with pepperoni,
//! the other with mushrooms" makes the two pizzas those two lines, not two more.

use crate::engine::Parse;
use crate::order::OrderLine;

use super::cart::describe;
use super::reply::and_list;
use super::state::Work;

impl Work<'_> {
    /// Shares out the line touched last (else the only line of that item) when the
    /// message's lines count exactly its units ("one …, the other …"; "two pepperoni,
    /// one hawaiian" after four large pizzas, when the line has no choice of what they
    /// say); each new line keeps the line's choices it does not say otherwise. Whether
    /// it did.
    pub(super) fn share_out(&mut self, p: &Parse) -> bool {
        let Some(item) = p.lines.first().map(|l| l.item.clone()) else { return false };
        let lines = &self.state.cart.lines;
        let of_item: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].item == item).collect();
        let recent: Vec<usize> = of_item.iter().copied().filter(|i| self.state.last.contains(i)).collect();
        // ("2 small pizzas for the kids" … "the kids want one with pepperoni and one with
        // ham": the line of whoever the lines are for.)
        let owner = p.lines[0]
            .owner
            .as_ref()
            .filter(|o| p.lines.iter().all(|l| l.owner.is_none() || l.owner.as_ref() == Some(*o)));
        let theirs: Vec<usize> =
            of_item.iter().copied().filter(|&i| lines[i].owner.as_ref() == owner && owner.is_some()).collect();
        let at = match (recent.as_slice(), of_item.as_slice(), theirs.as_slice()) {
            (_, _, [one]) | ([one], _, _) | ([], [one], _) => *one,
            _ => return false,
        };
        let line = &lines[at];
        let units: u32 = p.lines.iter().map(|l| l.quantity).sum();
        // ("two pepperoni, one hawaiian" after two large pepperoni: two more, not them.)
        let unanswered =
            p.lines.iter().flat_map(|said| &said.options).all(|o| !line.options.iter().any(|x| x.group == o.group));
        // "two pizzas please" … "a hawaiian and a bbq chicken": lines of its item that
        // count exactly a count just ordered with nothing of theirs are its units, unless
        // said to be more.
        let more = p.attributes.added
            || p.tokens.iter().any(|t| matches!(t.as_str(), "also" | "more" | "another" | "plus" | "too" | "extra"));
        let its_units = p.lines.len() > 1 && p.lines.iter().all(|l| l.item == item) && !more;
        if !(p.shares_out || its_units) || line.quantity != units || !unanswered {
            return false;
        }
        let single = |group: &str| self.catalog.group(group).is_some_and(|g| g.max <= 1);
        let parts: Vec<OrderLine> = p
            .lines
            .iter()
            .map(|said| {
                let mut part = OrderLine { quantity: said.quantity, ..line.clone() };
                for o in &said.options {
                    if single(&o.group) {
                        part.options.retain(|x| x.group != o.group);
                    }
                    if !part.options.contains(o) {
                        part.options.push(o.clone());
                    }
                }
                part.without.extend(said.without.iter().cloned());
                // ("one's pepperoni for my son": his.)
                if said.owner.is_some() {
                    part.owner.clone_from(&said.owner);
                }
                part
            })
            .collect();
        let said: Vec<String> = parts.iter().map(|l| describe(self.catalog, l)).collect();
        self.state.cart.lines.splice(at..=at, parts);
        self.state.last = (at..at + said.len()).collect();
        self.say("updated", &[("items", and_list(&said))]);
        true
    }
}
