/**
 * First names that are one GPT-2 token with a leading space (" John" = 1757). Starts with the
 * 100 names of the IOI dataset (Wang et al. 2022, github.com/redwoodresearch/Easy-Transformer),
 * then other common ones. Checked in test/unit/tasks/vocab.test.ts.
 */
export const FIRST_NAMES: readonly string[] = [
  'Michael', 'Christopher', 'Jessica', 'Matthew', 'Ashley', 'Jennifer', 'Joshua', 'Amanda', 'Daniel', 'David',
  'James', 'Robert', 'John', 'Joseph', 'Andrew', 'Ryan', 'Brandon', 'Jason', 'Justin', 'Sarah', 'William',
  'Jonathan', 'Stephanie', 'Brian', 'Nicole', 'Nicholas', 'Anthony', 'Heather', 'Eric', 'Elizabeth', 'Adam',
  'Megan', 'Melissa', 'Kevin', 'Steven', 'Thomas', 'Timothy', 'Christina', 'Kyle', 'Rachel', 'Laura', 'Lauren',
  'Amber', 'Brittany', 'Danielle', 'Richard', 'Kimberly', 'Jeffrey', 'Amy', 'Crystal', 'Michelle', 'Tiffany',
  'Jeremy', 'Benjamin', 'Mark', 'Emily', 'Aaron', 'Charles', 'Rebecca', 'Jacob', 'Stephen', 'Patrick', 'Sean',
  'Erin', 'Jamie', 'Kelly', 'Samantha', 'Nathan', 'Sara', 'Dustin', 'Paul', 'Angela', 'Tyler', 'Scott',
  'Katherine', 'Andrea', 'Gregory', 'Erica', 'Mary', 'Travis', 'Lisa', 'Kenneth', 'Bryan', 'Lindsey', 'Kristen',
  'Jose', 'Alexander', 'Jesse', 'Katie', 'Lindsay', 'Shannon', 'Vanessa', 'Courtney', 'Christine', 'Alicia',
  'Cody', 'Allison', 'Bradley', 'Samuel',
  'Peter', 'Tom', 'Anna', 'Kate', 'George', 'Henry', 'Jack', 'Alice', 'Emma', 'Grace', 'Lucy', 'Max', 'Sam',
  'Ben', 'Joe', 'Frank', 'Carl', 'Fred', 'Harry', 'Rose', 'Martin', 'Simon', 'Victor', 'Chris', 'Mike', 'Steve',
  'Dan', 'Bill', 'Bob', 'Tim', 'Jim', 'Jane', 'Ann', 'Ruth', 'Helen', 'Karen', 'Susan', 'Linda', 'Carol',
  'Nancy', 'Betty', 'Diana', 'Julia', 'Jean', 'Louis', 'Paula', 'Roger', 'Walter', 'Arthur', 'Albert', 'Ray',
  'Leo', 'Oscar', 'Hugo', 'Adrian', 'Ian', 'Neil', 'Luke', 'Noah', 'Ethan', 'Owen', 'Alex', 'Eva', 'Maria',
  'Sophie', 'Olivia', 'Mia', 'Leah', 'Nina', 'Tony', 'Dave', 'Greg', 'Jeff', 'Ron', 'Ken', 'Larry', 'Gary',
  'Terry', 'Jerry', 'Dennis', 'Wayne', 'Louise', 'Marie', 'Claire', 'Kim', 'Rick', 'Sandy', 'Wendy',
];
