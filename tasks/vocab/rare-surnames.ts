/**
 * Rare surnames that GPT-2 splits into three or more tokens, as [surname, first token's text]:
 * " Tchaikovsky" is " T|cha|ik|ovsky", so a prompt ending in "… T" asks for "chaikovsky".
 * Only names whose first token is not itself a common word. Checked against the real
 * tokenizer in test/unit/tasks/vocab.test.ts.
 */
export const RARE_SURNAMES: readonly (readonly [string, string])[] = [
  ['Tchaikovsky', 'T'], ['Rachmaninoff', 'R'], ['Szczepanski', 'Sz'], ['Wojciechowski', 'W'], ['Kowalczyk', 'K'],
  ['Przybylski', 'Pr'], ['Ramanujan', 'Ram'], ['Dostoevsky', 'D'], ['Kierkegaard', 'Kier'], ['Brzezinski', 'Br'],
  ['Tsvangirai', 'Ts'], ['Okonkwo', 'Ok'], ['Yamaguchi', 'Yam'], ['Ouattara', 'Ou'], ['Adebayo', 'Ad'],
  ['Oyelaran', 'Oy'], ['Papadopoulos', 'Pap'], ['Konstantinidis', 'Kon'], ['Vaidyanathan', 'V'],
  ['Chakraborty', 'Chak'], ['Bhattacharya', 'B'], ['Mukherjee', 'Muk'], ['Venkataraman', 'Ven'],
  ['Krishnamurthy', 'Krish'], ['Jayasuriya', 'Jay'], ['Abernathy', 'Aber'], ['Throckmorton', 'Th'],
  ['Szymanowski', 'S'], ['Vukovic', 'V'], ['Ionescu', 'I'], ['Gheorghiu', 'G'], ['Lindqvist', 'Lind'],
  ['Ljungberg', 'L'], ['Kuznetsov', 'K'], ['Shostakovich', 'Sh'], ['Prokofiev', 'Pro'], ['Stravinsky', 'St'],
  ['Mussorgsky', 'Muss'], ['Tarkovsky', 'T'], ['Zamolodchikov', 'Zam'], ['Solzhenitsyn', 'Sol'],
  ['Lermontov', 'L'], ['Turgenev', 'T'], ['Khrushchev', 'Kh'], ['Gorbachev', 'Gor'], ['Nabokov', 'Nab'],
  ['Mendeleev', 'Mend'], ['Lobachevsky', 'Lob'], ['Kolmogorov', 'Kol'], ['Chebyshev', 'Che'], ['Lyapunov', 'Ly'],
  ['Tsiolkovsky', 'Ts'], ['Korolev', 'Kor'], ['Sikorsky', 'Sik'], ['Zworykin', 'Z'], ['Oppenheimer', 'Opp'],
  ['Sommerfeld', 'Som'], ['Ehrenfest', 'Eh'], ['Minkowski', 'M'], ['Dedekind', 'Ded'], ['Kronecker', 'Kr'],
  ['Grothendieck', 'Gro'], ['Chandrasekhar', 'Chand'], ['Raghunathan', 'R'], ['Mahalanobis', 'Mah'],
  ['Okafor', 'O'], ['Nwosu', 'N'], ['Achebe', 'A'], ['Mwangi', 'M'], ['Odhiambo', 'Od'], ['Wanjiru', 'Wan'],
  ['Sisulu', 'S'], ['Villanueva', 'Vill'], ['Echeverria', 'E'], ['Iturriaga', 'It'], ['Zubizarreta', 'Zub'],
  ['Cuauhtemoc', 'Cu'], ['Nezahualcoyotl', 'Ne'], ['Kaczmarek', 'K'], ['Wisniewski', 'Wis'], ['Zielinski', 'Z'],
  ['Jankowski', 'J'], ['Mazurkiewicz', 'Maz'], ['Wroblewski', 'W'], ['Pietrzak', 'Piet'], ['Kwiatkowski', 'Kw'],
  ['Szewczyk', 'Sz'], ['Dabrowski', 'D'], ['Blaszczykowski', 'Bl'], ['Piszczek', 'Pis'], ['Fabianski', 'Fab'],
  ['Milosevic', 'Mil'], ['Djokovic', 'Dj'], ['Stojakovic', 'St'], ['Jovanovic', 'J'], ['Nikolaidis', 'Nikol'],
  ['Georgiadis', 'Georg'], ['Hadjidakis', 'Had'], ['Karamanlis', 'Kar'], ['Tsitsipas', 'Ts'],
  ['Antetokounmpo', 'Ant'], ['Sarkissian', 'Sark'], ['Hovhannisyan', 'H'], ['Grigoryan', 'Gr'],
  ['Mkrtchyan', 'Mk'], ['Abdurakhmanov', 'Abd'], ['Nurmagomedov', 'Nur'], ['Tukhachevsky', 'T'],
  ['Rokossovsky', 'R'], ['Zhukov', 'Zh'], ['Vasilevsky', 'Vas'], ['Kutuzov', 'Kut'], ['Suvorov', 'Su'],
  ['Potemkin', 'Pot'], ['Rasputin', 'Ras'], ['Yusupov', 'Yus'], ['Trubetskoy', 'Tr'], ['Obolensky', 'Ob'],
  ['Galitzine', 'Gal'], ['Volkonsky', 'Vol'], ['Sheremetev', 'She'], ['Stroganov', 'Stro'], ['Demidov', 'Dem'],
  ['Morozov', 'Mor'], ['Tretyakov', 'Tre'], ['Mamontov', 'Mam'], ['Ryabushinsky', 'Ry'], ['Shchukin', 'Sh'],
  ['Bakhrushin', 'B'], ['Khludov', 'Kh'], ['Soldatenkov', 'Sold'], ['Naidenov', 'N'],
];
