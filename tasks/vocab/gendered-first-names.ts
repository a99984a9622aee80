import { FIRST_NAMES } from './first-names.ts';

/**
 * The first names of FIRST_NAMES that are clearly a man's or a woman's (names used for both,
 * like Jamie, Kelly, Alex, Sam, Chris, Terry, Kim, Sandy, are in neither list), for prompts
 * where a relation ("daughter", "son") fixes the gender.
 */
export const MALE_FIRST_NAMES: readonly string[] = [
  'Michael', 'Christopher', 'Matthew', 'Joshua', 'Daniel', 'David', 'James', 'Robert', 'John', 'Joseph', 'Andrew', 'Ryan',
  'Brandon', 'Jason', 'Justin', 'William', 'Jonathan', 'Brian', 'Nicholas', 'Anthony', 'Eric', 'Adam', 'Kevin', 'Steven',
  'Thomas', 'Timothy', 'Kyle', 'Richard', 'Jeffrey', 'Jeremy', 'Benjamin', 'Mark', 'Aaron', 'Charles', 'Jacob', 'Stephen',
  'Patrick', 'Sean', 'Nathan', 'Dustin', 'Paul', 'Tyler', 'Scott', 'Gregory', 'Travis', 'Kenneth', 'Bryan', 'Jose',
  'Alexander', 'Jesse', 'Cody', 'Bradley', 'Samuel', 'Peter', 'Tom', 'George', 'Henry', 'Jack', 'Max', 'Ben', 'Joe',
  'Frank', 'Carl', 'Fred', 'Harry', 'Martin', 'Simon', 'Victor', 'Mike', 'Steve', 'Dan', 'Bill', 'Bob', 'Tim', 'Jim',
  'Louis', 'Roger', 'Walter', 'Arthur', 'Albert', 'Ray', 'Leo', 'Oscar', 'Hugo', 'Adrian', 'Ian', 'Neil', 'Luke', 'Noah',
  'Ethan', 'Owen', 'Tony', 'Dave', 'Greg', 'Jeff', 'Ron', 'Ken', 'Larry', 'Gary', 'Jerry', 'Dennis', 'Wayne', 'Rick',
].filter((name) => FIRST_NAMES.includes(name));

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Jessica', 'Ashley', 'Jennifer', 'Amanda', 'Sarah', 'Stephanie', 'Nicole', 'Heather', 'Elizabeth', 'Megan', 'Melissa',
  'Christina', 'Rachel', 'Laura', 'Lauren', 'Amber', 'Brittany', 'Danielle', 'Kimberly', 'Amy', 'Crystal', 'Michelle',
  'Tiffany', 'Emily', 'Rebecca', 'Erin', 'Samantha', 'Sara', 'Angela', 'Katherine', 'Andrea', 'Erica', 'Mary', 'Lisa',
  'Lindsey', 'Kristen', 'Katie', 'Lindsay', 'Shannon', 'Vanessa', 'Courtney', 'Christine', 'Alicia', 'Allison', 'Anna',
  'Kate', 'Alice', 'Emma', 'Grace', 'Lucy', 'Rose', 'Jane', 'Ann', 'Ruth', 'Helen', 'Karen', 'Susan', 'Linda', 'Carol',
  'Nancy', 'Betty', 'Diana', 'Julia', 'Jean', 'Paula', 'Eva', 'Maria', 'Sophie', 'Olivia', 'Mia', 'Leah', 'Nina',
  'Louise', 'Marie', 'Claire', 'Wendy',
].filter((name) => FIRST_NAMES.includes(name));
